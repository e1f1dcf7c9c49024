import type { LanguageModel } from 'ai';
import { answerJsonSchema, type AnswerFormat } from './answer-format.js';
import type { BudgetGuard } from './budget.js';
import type { Cassette } from './cassette.js';
import { createLanguageModel } from './create-language-model.js';
import { fallbackReason } from './fallback.js';
import type { LiveCallDeps } from './live-call.js';
import type { LlmStore } from './llm-store.js';
import type { ModelSpec } from './model-config.js';
import type { ModelRouter } from './model-router.js';
import type { RateLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, sleep, type RetryPolicy } from './retry-policy.js';
import { runHasAnswer, type AnswerDeps, type Judge } from './answer-attempt.js';
import { answerOnRoute, liveRequestFor, type CallTally, type Prompt, type RepairLimits } from './answer-on-route.js';
import type { Route } from './route.js';
import { chooseRoutes, describeRouter } from './route-choice.js';
import type { LlmClient, LlmEvent, StructuredRequest, StructuredResult } from './types.js';
import { validateAnswer } from './validate-answer.js';

export type { LlmStore } from './llm-store.js';

export interface LlmClientOptions {
  /** The model to call; built from `spec` when absent. Not needed to replay a cassette or with a router. */
  model?: LanguageModel;
  /** Names the model in `describe()`, the ledger and errors; says whether it enforces JSON schemas. */
  spec?: ModelSpec;
  /** Chooses each call's models (primary and backups) from the catalog; replaces `model`/`spec`. */
  router?: ModelRouter;
  /** Response cache and ledger. Without it nothing is cached and no call is recorded. */
  store?: LlmStore;
  cassette?: Cassette;
  /** 'run' (default): a resumed run never pays twice. 'project': identical requests share answers across runs. */
  cacheScope?: 'run' | 'project';
  onEvent?: (event: LlmEvent) => void;
  /** Retries of a transient failure on the same model before the backup takes over. Default 2. */
  maxRetries?: number;
  /** Backoff, jitter and the longest Retry-After honoured; `maxRetries` wins over `retry.maxRetries`. */
  retry?: Partial<RetryPolicy>;
  /** Times an invalid answer is sent back with its problems before the backup model takes over. Default 2. */
  maxRepairs?: number;
  /** Of those, times a well-formed answer that misses the caller's checks (a role's sections or patterns) is sent back. Default 1. */
  maxCheckRepairs?: number;
  /** Per call. Default 10 minutes: long documents from slow local models take a while. */
  timeoutMs?: number;
  /** Keeps calls under providers' rate limits. */
  rateLimiter?: RateLimiter;
  /** A hard budget for each run. */
  budget?: BudgetGuard;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Folders that differ between machines (the workspace root), normalised out of request hashes. */
  normalizePaths?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/** The route of a client with one fixed model (a spec or an injected model), or of a replayed cassette. */
function fixedRoute(options: LlmClientOptions): Route | undefined {
  if (options.cassette?.mode === 'replay') {
    return { ref: `replay:${options.cassette.name}`, provider: 'replay', modelId: options.cassette.name, structuredOutputs: false, schemaEnforced: false, limits: [] };
  }
  if (options.router) return undefined;
  const model = options.model ?? (options.spec ? createLanguageModel(options.spec) : undefined);
  if (model === undefined) throw new TypeError('createLlmClient needs a model, a spec or a router, unless it replays a cassette');
  const described = options.spec
    ? { provider: options.spec.name ?? options.spec.provider, model: options.spec.model }
    : typeof model === 'string'
      ? { provider: 'gateway', model }
      : { provider: model.provider, model: model.modelId };
  const ref = `${described.provider}:${described.model}`;
  const key = `provider:${described.provider}`;
  const endpoint = options.spec?.baseUrl;
  return { ref, provider: described.provider, ...(endpoint !== undefined ? { endpoint } : {}), modelId: described.model, model, structuredOutputs: options.spec?.structuredOutputs ?? false, schemaEnforced: (options.spec?.structuredOutputs ?? false) && (options.spec?.schemaEnforced ?? false), limits: [{ key }, { key: `model:${ref}` }] };
}

/**
 * The one door to models. Each call goes to its chain of models (a fixed one, or the router's
 * primary and backups for the call's task); each attempt is answered from the response cache,
 * else the cassette when replaying, else the live model under the retry policy, rate limits and
 * budget. Invalid answers are sent back with their exact problems, then handed to the backup.
 */
export function createLlmClient(options: LlmClientOptions = {}): LlmClient {
  const fixed = fixedRoute(options);
  const emit = (event: LlmEvent) => options.onEvent?.(event);
  const now = options.now ?? Date.now;
  const limits: RepairLimits = { maxRepairs: options.maxRepairs ?? 2, maxCheckRepairs: options.maxCheckRepairs ?? 1 };
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) };
  const live: LiveCallDeps = {
    retry,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now,
    sleep: options.sleep ?? sleep,
    emit,
    ...(options.rateLimiter ? { limiter: options.rateLimiter } : {}),
    ...(options.budget ? { budget: options.budget } : {}),
  };
  const secrets = [options.spec?.apiKey, ...(options.router?.providers.map((provider) => provider.apiKey) ?? [])].filter(
    (key): key is string => key !== undefined,
  );
  const deps: AnswerDeps = {
    live,
    emit,
    now,
    secrets,
    paths: options.normalizePaths ?? [],
    cacheScope: options.cacheScope ?? 'run',
    ...(options.store ? { store: options.store } : {}),
    ...(options.cassette ? { cassette: options.cassette } : {}),
  };
  const lastChoice = new Map<string, string>();

  return {
    describe: () => (fixed ? { provider: fixed.provider, model: fixed.modelId } : describeRouter(options.router!)),

    describeStage: (stage) => {
      if (fixed || !options.router) return fixed ? { provider: fixed.provider, model: fixed.modelId } : { provider: 'none', model: 'none' };
      const primary = options.router.choose(stage).chain[0]?.candidate;
      return primary ? { provider: primary.provider.name, model: primary.modelId } : describeRouter(options.router);
    },

    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const format: AnswerFormat = {
        schemaName: request.schemaName,
        ...(request.schemaDescription !== undefined ? { schemaDescription: request.schemaDescription } : {}),
        jsonSchema: answerJsonSchema(request.schema),
      };
      // Where the answer format goes depends on the route (live-call.ts); the request hash does not.
      const prompt: Prompt = { system: request.system, format };
      const judge: Judge<T> = (answer) => validateAnswer(answer.text, request.schema, request.check, answer.finishReason);
      const first = liveRequestFor(request, prompt, request.messages);
      // An answer this run already holds is free: the budget must not refuse it (a resume near
      // the limit). Repairs still go through the live call's own budget reservation.
      const budget = options.budget && !(await runHasAnswer(first, request.context, deps, judge)) ? options.budget : undefined;
      const routes = fixed ? [fixed] : await chooseRoutes(options.router!, request, { promptTokens: first.promptTokens, lastChoice, emit, ...(budget ? { budget } : {}) });
      const tally: CallTally = { attempts: 0, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 } };

      for (let index = 0; index < routes.length; index++) {
        const route = routes[index]!;
        try {
          const answered = await answerOnRoute(route, request, first, judge, { primary: index === 0, limits, tally }, deps);
          return { value: answered.value, usage: tally.usage, attempts: tally.attempts, provider: answered.provider, model: answered.model };
        } catch (error) {
          const next = fallbackReason(error, route, routes.slice(index + 1));
          if (next === undefined) throw error;
          // Skipped routes (too small for a prompt that did not fit) are passed over.
          index = routes.indexOf(next.route) - 1;
          emit({ type: 'llm.fallback', context: request.context, from: route.ref, to: next.route.ref, reason: next.reason });
        }
      }
      throw new TypeError('unreachable: a call with no model to try');
    },
  };
}
