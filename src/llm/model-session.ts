import { resolve } from 'node:path';
import { BudgetGuard } from './budget.js';
import { buildRouter, type BuiltRouter, type ModelConfigKeys } from './build-router.js';
import { openCassette, type Cassette } from './cassette.js';
import { callTimeouts, type TimeoutSettings } from './call-timeouts.js';
import { userCacheDir } from './catalog/catalog-cache.js';
import type { FetchLike } from './catalog/fetch-json.js';
import { onceFetch } from './catalog/once-fetch.js';
import { checkEndpointAnswers } from './check-endpoint.js';
import { createLanguageModel, type ModelWrapping } from './create-language-model.js';
import { EndpointFormats } from './endpoint-formats.js';
import { explainStages, type ExplainedStage } from './explain-stages.js';
import { createLlmClient, type LlmStore } from './llm-client.js';
import { ModelConfigError } from './model-config.js';
import type { ModelSettings } from './model-settings.js';
import { resolveProviders } from './providers.js';
import { RateLimiter } from './rate-limiter.js';
import type { LlmClient, LlmEvent } from './types.js';
import { InvalidUsdError, parseUsd, type Usd } from './usd.js';

/** The keys of atelier.config.yml a run's models read: the router's, and the call timeouts. */
export type ModelSessionConfig = ModelConfigKeys & { timeouts?: TimeoutSettings };

/** The store a run's client caches, records and budgets against. */
export type SessionStore = LlmStore & Required<Pick<LlmStore, 'listModelCalls'>>;

/** What a run needs from the model layer, built once when the run is planned. */
export interface ModelSession {
  /** The hard budget for the run, when one is set (flag or configuration). */
  readonly budget?: Usd;
  readonly cacheScope: 'run' | 'project';
  /** Where answers come from, in words: "replayed from demo.cassette.json" or "live: openrouter, ollama". */
  readonly source: string;
  /** The run's client, once its store exists (the client caches and records into it). */
  createClient(deps: { store: SessionStore; onEvent: (event: LlmEvent) => void }): LlmClient;
  /** `--explain-models`: the model each stage would get and why. */
  explain(stages: readonly ExplainedStage[]): string[];
  /** Writes out a recording; safe to call more than once. */
  close(): Promise<void>;
}

export interface ModelSessionOptions {
  env?: NodeJS.ProcessEnv;
  /** Relative cassette paths are resolved here. */
  cwd?: string;
  /** Where `models update` keeps the catalog; default the user's cache folder. */
  cacheDir?: string;
  /** Ask a single endpoint for its models before the run (default true): a dead URL stops here. */
  checkEndpoint?: boolean;
  /** The network for the endpoint check and the model lists; tests pass their own. */
  fetch?: FetchLike;
}

/** What the router needs beyond the settings: how to reach the model lists and what wraps each model. */
interface RouterDeps {
  fetch?: FetchLike;
  wrapping?: ModelWrapping;
}

function budgetOf(settings: ModelSettings, config: ModelConfigKeys): Usd | undefined {
  const [text, source] = settings.budgetUsd !== undefined ? [settings.budgetUsd, 'the budget'] : config.budget_usd !== undefined ? [String(config.budget_usd), 'budget_usd'] : [];
  if (text === undefined) return undefined;
  let amount: Usd;
  try {
    amount = parseUsd(text);
  } catch (error) {
    if (InvalidUsdError.isInstance(error)) throw new ModelConfigError(`${source} must be an amount in US dollars, e.g. 2.50, not "${text}"`);
    throw error;
  }
  if (amount <= 0n) throw new ModelConfigError(`${source} must be more than zero, not "${text}"`);
  return amount;
}

/** The router as the settings and configuration describe it (run, resume and `models recommend` share it). */
export function routerForSettings(settings: ModelSettings, config: ModelConfigKeys, options: ModelSessionOptions & RouterDeps = {}): Promise<BuiltRouter> {
  const env = options.env ?? process.env;
  const { wrapping, fetch: fetchImpl } = options;
  return buildRouter(
    config,
    {
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.optimize ? { optimize: settings.optimize } : {}),
      ...(settings.freeOnly ? { freeOnly: true } : {}),
      ...(settings.stageModels ? { stageModels: settings.stageModels } : {}),
      ...(settings.roleModels ? { roleModels: settings.roleModels } : {}),
    },
    {
      env,
      cacheDir: options.cacheDir ?? userCacheDir(env),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(wrapping ? { createModel: (spec) => createLanguageModel(spec, wrapping) } : {}),
    },
  );
}

/**
 * Decides, before anything is written, where a run's answers come from: a cassette (replay: no
 * model, no network) or the models selection picks per task (optionally recording to a
 * cassette), under the budget, cache and rate limits the settings and configuration set.
 * Errors here are the user's configuration errors.
 */
export async function createModelSession(settings: ModelSettings, config: ModelSessionConfig, options: ModelSessionOptions = {}): Promise<ModelSession> {
  if (settings.record && settings.replay) throw new ModelConfigError('a run can record to a cassette or replay one, not both (--record and --replay)');
  const cwd = options.cwd ?? process.cwd();
  const budget = budgetOf(settings, config);
  const cacheScope = settings.cache || config.cache ? 'project' : 'run';
  const timeouts = callTimeouts(config.timeouts);

  let cassette: Cassette | undefined;
  let built: BuiltRouter | undefined;
  if (settings.replay) {
    cassette = await openCassette(resolve(cwd, settings.replay), 'replay');
  } else {
    const env = options.env ?? process.env;
    const cacheDir = options.cacheDir ?? userCacheDir(env);
    // One GET /models serves both the check and the model list the router chooses from.
    const fetchOnce = onceFetch(options.fetch);
    // Resolved here as well as in the router, so that a dead endpoint is reported as one, not as an endpoint with no models.
    const single = resolveProviders({ ...(config.providers ? { config: config.providers } : {}), ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), env }).singleEndpoint;
    if (single?.provider.baseUrl && options.checkEndpoint !== false) {
      await checkEndpointAnswers(single.provider.baseUrl, single.source, { fetch: fetchOnce, ...(single.provider.apiKey ? { apiKey: single.provider.apiKey } : {}) });
    }
    const wrapping: ModelWrapping = { timeouts, formats: await EndpointFormats.load(cacheDir) };
    built = await routerForSettings(settings, config, { ...options, cacheDir, fetch: fetchOnce, wrapping });
    const secrets = built.router.providers.map((provider) => provider.apiKey).filter((key): key is string => key !== undefined);
    if (settings.record) cassette = await openCassette(resolve(cwd, settings.record), 'record', { secrets });
  }
  const router = built?.router;
  const rateLimiter = new RateLimiter();

  return {
    ...(budget !== undefined ? { budget } : {}),
    cacheScope,
    source: built ? `live: ${built.router.providers.map((provider) => provider.name).join(', ')}` : `replayed from ${cassette?.name ?? 'a cassette'}`,
    createClient: ({ store, onEvent }) =>
      createLlmClient({
        ...(router ? { router } : {}),
        store,
        ...(cassette ? { cassette } : {}),
        onEvent,
        cacheScope,
        rateLimiter,
        timeoutMs: timeouts.callMs,
        ...(budget !== undefined ? { budget: new BudgetGuard(budget, (runId) => store.listModelCalls(runId)) } : {}),
      }),
    explain: (stages) =>
      built
        ? explainStages(built, stages, { ...(budget !== undefined ? { budget } : {}), cacheScope })
        : [`Models: every answer is replayed from ${cassette?.name ?? 'the cassette'}; no model is called.`],
    close: async () => {
      await cassette?.flush();
    },
  };
}
