import { randomUUID } from 'node:crypto';
import type { LanguageModel } from 'ai';
import { redactSecrets } from '../observe/redact.js';
import type { Store } from '../store/store.js';
import { answerJsonSchema, repairMessage, withAnswerFormat, type AnswerFormat } from './answer-format.js';
import type { Cassette } from './cassette.js';
import { createLanguageModel } from './create-language-model.js';
import { InvalidModelOutputError } from './invalid-model-output-error.js';
import { ModelCallError, type CallSite } from './model-call-error.js';
import type { ModelSpec } from './model-config.js';
import { recordedAnswerSchema, type RecordedAnswer } from './recorded-answer.js';
import { hashRequest } from './request-hash.js';
import { streamAnswer } from './stream-answer.js';
import type { CallContext, ChatMessage, LlmClient, LlmEvent, LlmUsage, StructuredRequest, StructuredResult } from './types.js';
import { validateAnswer } from './validate-answer.js';

export type LlmStore = Pick<Store, 'getCachedResponse' | 'putCachedResponse' | 'recordModelCall'>;

export interface LlmClientOptions {
  /** The model to call; built from `spec` when absent. Not needed to replay a cassette. */
  model?: LanguageModel;
  /** Names the model in `describe()`, the ledger and errors; says whether it enforces JSON schemas. */
  spec?: ModelSpec;
  /** Response cache and ledger. Without it nothing is cached and no call is recorded. */
  store?: LlmStore;
  cassette?: Cassette;
  /** 'run' (default): a resumed run never pays twice. 'project': identical requests share answers across runs. */
  cacheScope?: 'run' | 'project';
  onEvent?: (event: LlmEvent) => void;
  /** Retries of a failed call (the SDK's for HTTP errors, ours for broken streams and timeouts). Default 2. */
  maxRetries?: number;
  /** Times an invalid answer is sent back with its problems before giving up. Default 2. */
  maxRepairs?: number;
  /** Per call. Default 10 minutes: long documents from slow local models take a while. */
  timeoutMs?: number;
  now?: () => number;
  /** Folders that differ between machines (the workspace root), normalised out of request hashes. */
  normalizePaths?: readonly string[];
}

type Source = 'live' | 'replay' | 'cache';

interface Answered {
  answer: RecordedAnswer;
  source: Source;
  provider: string;
  model: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

function addUsage(total: LlmUsage, usage: LlmUsage): LlmUsage {
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
  };
}

function describeModel(options: LlmClientOptions, model: LanguageModel | undefined): { provider: string; model: string } {
  if (options.cassette?.mode === 'replay') return { provider: 'replay', model: options.cassette.name };
  if (options.spec) return { provider: options.spec.provider, model: options.spec.model };
  if (typeof model === 'string') return { provider: 'gateway', model };
  if (model) return { provider: model.provider, model: model.modelId };
  return { provider: 'none', model: 'none' };
}

/**
 * The one door to models. Each attempt is answered from the response cache, else the cassette
 * when replaying, else the live model; the raw answer is kept before it is validated, so a
 * resumed run never pays for it again; invalid answers are sent back with their exact problems.
 */
export function createLlmClient(options: LlmClientOptions = {}): LlmClient {
  const model = options.model ?? (options.spec ? createLanguageModel(options.spec) : undefined);
  if (model === undefined && options.cassette?.mode !== 'replay') {
    throw new TypeError('createLlmClient needs a model (or a spec to build one) unless it replays a cassette');
  }
  const described = describeModel(options, model);
  const modelLabel = `${described.provider}:${described.model}`;
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 2;
  const maxRepairs = options.maxRepairs ?? 2;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = options.spec?.apiKey ? [options.spec.apiKey] : [];
  const paths = options.normalizePaths ?? [];
  const emit = (event: LlmEvent) => options.onEvent?.(event);
  const structuredOutputs = options.spec?.structuredOutputs ?? false;

  async function readCache(key: string): Promise<RecordedAnswer | undefined> {
    const cached = await options.store?.getCachedResponse(key);
    if (cached === undefined) return undefined;
    // A row from an older version, or hand-edited: ask again rather than trust it.
    const parsed = recordedAnswerSchema.safeParse(cached.response);
    return parsed.success ? parsed.data : undefined;
  }

  async function callLive(site: CallSite, context: CallContext, request: LiveRequest): Promise<RecordedAnswer> {
    if (model === undefined) throw new TypeError('unreachable: live calls need a model');
    for (let retry = 0; ; retry++) {
      try {
        return await streamAnswer({
          model,
          site,
          system: request.system,
          messages: request.messages,
          ...(structuredOutputs ? { format: request.format } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
          maxRetries,
          timeoutMs,
          now,
          onProgress: (outputChars) => emit({ type: 'llm.progress', context, outputChars }),
        });
      } catch (error) {
        const failure = ModelCallError.fromError(error, site);
        const willRetry = failure.transient && retry < maxRetries;
        emit({ type: 'llm.call.failed', context, model: described.model, error: failure.message, willRetry });
        if (!willRetry) throw failure;
      }
    }
  }

  /** One attempt: an answer from cache, cassette or model, kept and recorded before anyone validates it. */
  async function answer(request: LiveRequest, context: CallContext, attempt: number): Promise<Answered & { requestHash: string }> {
    const hashable = { system: request.system, messages: request.messages, schemaName: request.schemaName };
    const requestHash = hashRequest(hashable, { paths });
    const runKey = `run:${context.runId}:${requestHash}`;
    // Across runs a different model must not reuse the answer; within a run (resume) it may.
    const projectKey = options.cacheScope === 'project' ? `project:${hashRequest({ ...hashable, model: modelLabel }, { paths })}` : undefined;
    const site: CallSite = { label: context.label, model: modelLabel, runId: context.runId };
    emit({ type: 'llm.call.started', context, model: described.model, attempt });
    const startedAt = now();

    let answered: Answered;
    const runCached = await readCache(runKey);
    const projectCached = runCached === undefined && projectKey !== undefined ? await readCache(projectKey) : undefined;
    const cached = runCached ?? projectCached;
    if (cached) {
      answered = { answer: cached, source: 'cache', ...described };
    } else if (options.cassette?.mode === 'replay') {
      let entry;
      try {
        entry = options.cassette.replay(requestHash, context.label);
      } catch (error) {
        emit({ type: 'llm.call.failed', context, model: described.model, error: (error as Error).message, willRetry: false });
        throw error;
      }
      answered = { answer: entry.response, source: 'replay', provider: 'replay', model: entry.model ?? described.model };
    } else {
      answered = { answer: await callLive(site, context, request), source: 'live', ...described };
    }

    // Kept before validation: a valid-JSON-but-wrong answer was still paid for.
    if (runCached === undefined) await options.store?.putCachedResponse(runKey, answered.answer);
    if (projectKey !== undefined && cached === undefined) await options.store?.putCachedResponse(projectKey, answered.answer);
    // A live answer replaces a stale entry; a cached one fills the gap a killed recording left.
    const cassette = options.cassette;
    if (cassette?.mode === 'record' && (answered.source === 'live' || cassette.find(requestHash) === undefined)) {
      await cassette.record(requestHash, {
        label: redactSecrets(context.label, secrets),
        schemaName: request.schemaName,
        model: modelLabel,
        response: { ...answered.answer, text: redactSecrets(answered.answer.text, secrets) },
      });
    }

    const latencyMs = Math.max(0, Math.round(now() - startedAt));
    await options.store?.recordModelCall({
      id: randomUUID(),
      runId: context.runId,
      stageId: context.stageId,
      taskId: context.taskId ?? null,
      role: context.role,
      provider: answered.provider,
      model: answered.model,
      requestHash,
      ...answered.answer.usage,
      latencyMs,
      source: answered.source,
      // Prices live in the model catalog; the cost report joins them onto the ledger.
      costUsd: null,
      at: new Date(now()).toISOString(),
    });
    emit({
      type: 'llm.call.finished',
      context,
      provider: answered.provider,
      model: answered.model,
      source: answered.source,
      usage: answered.answer.usage,
      latencyMs,
      requestHash,
    });
    return { ...answered, requestHash };
  }

  return {
    describe: () => ({ ...described }),

    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const format: AnswerFormat = {
        schemaName: request.schemaName,
        ...(request.schemaDescription !== undefined ? { schemaDescription: request.schemaDescription } : {}),
        jsonSchema: answerJsonSchema(request.schema),
      };
      let messages: ChatMessage[] = [...request.messages];
      let usage: LlmUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
      for (let attempt = 1; ; attempt++) {
        const live: LiveRequest = {
          system: withAnswerFormat(request.system, format),
          messages,
          schemaName: request.schemaName,
          format,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
        };
        const answered = await answer(live, request.context, attempt);
        usage = addUsage(usage, answered.answer.usage);
        const verdict = validateAnswer(answered.answer.text, request.schema, request.check, answered.answer.finishReason);
        if (verdict.ok) return { value: verdict.value, usage, attempts: attempt, provider: answered.provider, model: answered.model };
        if (attempt > maxRepairs) {
          throw new InvalidModelOutputError({
            label: request.context.label,
            model: modelLabel,
            schemaName: request.schemaName,
            problems: verdict.problems,
            attempts: attempt,
          });
        }
        emit({ type: 'llm.repair', context: request.context, model: described.model, problems: verdict.problems, attempt });
        messages = [...messages, { role: 'assistant', content: answered.answer.text }, { role: 'user', content: repairMessage(verdict.problems) }];
      }
    },
  };
}

interface LiveRequest {
  system: string;
  messages: readonly ChatMessage[];
  schemaName: string;
  format: AnswerFormat;
  temperature?: number;
  maxOutputTokens?: number;
}
