import { randomUUID } from 'node:crypto';
import { schemaFingerprint } from './answer-format.js';
import { redactSecrets } from '../observe/redact.js';
import { answeringModelId } from './answering-model.js';
import type { CallCost } from './call-cost.js';
import type { Cassette } from './cassette.js';
import { callWithRetries, type LiveCallDeps, type LiveRequest } from './live-call.js';
import type { LlmStore } from './llm-store.js';
import type { CallSite } from './model-call-error.js';
import type { RecordedAnswer } from './recorded-answer.js';
import { hashRequest, type HashableRequest } from './request-hash.js';
import { legacyBackupKey, mayServe, projectCacheKey, readCachedAnswer, runCacheKey, type CachedAnswer, type ChainLink } from './response-cache.js';
import type { Route } from './route.js';
import type { CallContext, LlmEvent, LlmUsage } from './types.js';
import type { AnswerVerdict } from './validate-answer.js';

export interface AnswerDeps {
  live: LiveCallDeps;
  emit: (event: LlmEvent) => void;
  now: () => number;
  secrets: readonly string[];
  paths: readonly string[];
  cacheScope: 'run' | 'project';
  store?: LlmStore;
  cassette?: Cassette;
}

/** Judges a raw answer against the request's schema and checks. */
export type Judge<T> = (answer: RecordedAnswer) => AnswerVerdict<T>;

export interface Answered<T> {
  answer: RecordedAnswer;
  verdict: AnswerVerdict<T>;
  source: 'live' | 'replay' | 'cache';
  /** The provider and model that really answered (a cached answer keeps its own). */
  provider: string;
  model: string;
  requestHash: string;
  /** The answer as the response cache keeps it once its conversation is settled. */
  link: ChainLink;
}

const FREE: CallCost = { costUsd: '0', amount: 0n, source: 'free' };
const NO_USAGE: LlmUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

/**
 * Across runs an answer is kept under the endpoint that gave it and the model it says answered:
 * every bare endpoint is `openai-compatible`, and one must not fill another's entries by claiming
 * to be the model the other serves.
 */
function projectModelKey(route: Route, modelRef: string): string {
  return route.endpoint === undefined ? modelRef : `${route.endpoint.replace(/\/+$/, '')}|${modelRef}`;
}

function hashable(request: LiveRequest): HashableRequest {
  return { system: request.system, messages: request.messages, schemaName: request.schemaName, schema: schemaFingerprint(request.format.jsonSchema) };
}

const hashes = new WeakMap<LiveRequest, { paths: readonly string[]; hash: string }>();

/** Hashed once per request: the client looks the first attempt up before choosing models, and every route's first attempt is the same request. */
function requestHashOf(request: LiveRequest, paths: readonly string[]): string {
  const known = hashes.get(request);
  if (known?.paths === paths) return known.hash;
  const hash = hashRequest(hashable(request), { paths });
  hashes.set(request, { paths, hash });
  return hash;
}

/**
 * What `runHasAnswer` read for a request, kept for the request's first attempt: the client looks
 * the run's cache up just before choosing models, and the attempt that follows need not read the
 * same row again. Used once; a retry or a backup reads afresh.
 */
const lookedUp = new WeakMap<LiveRequest, { key: string; entry: CachedAnswer | undefined }>();

async function readFirstTime(store: LlmStore | undefined, request: LiveRequest, key: string): Promise<CachedAnswer | undefined> {
  const known = lookedUp.get(request);
  if (known?.key !== key) return readCachedAnswer(store, key);
  lookedUp.delete(request);
  return known.entry;
}

/** The cached answer that may answer this request on `route`, judged; undefined when none may. */
async function servableFromCache<T>(
  route: Route,
  request: LiveRequest,
  requestHash: string,
  context: CallContext,
  primary: boolean,
  deps: Pick<AnswerDeps, 'store' | 'paths' | 'cacheScope'>,
  judge: Judge<T>,
) {
  const keys = [
    runCacheKey(context.runId, requestHash),
    ...(primary ? [] : [legacyBackupKey(context.runId, route.ref, requestHash)]),
    ...(deps.cacheScope === 'project' ? [projectCacheKey(hashable(request), projectModelKey(route, route.ref), deps.paths)] : []),
  ];
  for (const key of keys) {
    const entry = await readFirstTime(deps.store, request, key);
    if (entry === undefined) continue;
    const verdict = judge(entry);
    if (mayServe(entry, verdict.ok)) return { entry, verdict };
  }
  return undefined;
}

/** Whether this run already holds an answer to the request it may serve: such an answer costs nothing. */
export async function runHasAnswer<T>(request: LiveRequest, context: CallContext, deps: Pick<AnswerDeps, 'store' | 'paths'>, judge: Judge<T>): Promise<boolean> {
  const key = runCacheKey(context.runId, requestHashOf(request, deps.paths));
  const entry = await readCachedAnswer(deps.store, key);
  lookedUp.set(request, { key, entry });
  return entry !== undefined && mayServe(entry, judge(entry).ok);
}

/**
 * One attempt of one request on one route: an answer from the response cache (only one that
 * was accepted, or whose repair was), the cassette when replaying, or the live model. Every
 * answer is judged, recorded in the ledger with its cost, and recorded to a cassette being
 * made; the cache keeps it only once its conversation is settled (see `response-cache.ts`).
 */
export async function answerAttempt<T>(
  route: Route,
  request: LiveRequest,
  context: CallContext,
  position: { attempt: number; primary: boolean },
  deps: AnswerDeps,
  judge: Judge<T>,
): Promise<Answered<T>> {
  const requestHash = requestHashOf(request, deps.paths);
  const site: CallSite = { label: context.label, model: route.ref, runId: context.runId };
  deps.emit({ type: 'llm.call.started', context, provider: route.provider, model: route.modelId, attempt: position.attempt });
  const startedAt = deps.now();
  const elapsed = () => Math.max(0, Math.round(deps.now() - startedAt));
  const ledger = (row: { id?: string | undefined; provider: string; model: string; usage: LlmUsage; source: Answered<T>['source'] | 'reserved'; cost: CallCost; latencyMs: number }) =>
    deps.store?.recordModelCall({
      id: row.id ?? randomUUID(),
      runId: context.runId,
      stageId: context.stageId,
      taskId: context.taskId ?? null,
      role: context.role,
      provider: row.provider,
      model: row.model,
      requestHash,
      ...row.usage,
      latencyMs: row.latencyMs,
      source: row.source,
      costUsd: row.cost.costUsd,
      at: new Date(deps.now()).toISOString(),
    });

  let answered: Omit<Answered<T>, 'requestHash' | 'verdict' | 'link'> & { ref: string; served?: ChainLink['served'] };
  let verdict: AnswerVerdict<T> | undefined;
  let cost: CallCost = FREE;
  let ledgerId: string | undefined;
  const cached = await servableFromCache(route, request, requestHash, context, position.primary, deps, judge);
  if (cached) {
    const provider = cached.entry.provider ?? route.provider;
    const model = cached.entry.model ?? route.modelId;
    const { text, usage, finishReason } = cached.entry;
    const answer: RecordedAnswer = { text, usage, ...(finishReason !== undefined ? { finishReason } : {}) };
    answered = { answer, source: 'cache', provider, model, ref: `${provider}:${model}`, served: { verdict: cached.entry.verdict } };
    verdict = cached.verdict;
  } else if (deps.cassette?.mode === 'replay') {
    let entry;
    try {
      entry = deps.cassette.replay(requestHash, context.label);
    } catch (error) {
      deps.emit({ type: 'llm.call.failed', context, model: route.modelId, error: (error as Error).message, willRetry: false, failure: 'permanent' });
      throw error;
    }
    answered = { answer: entry.response, source: 'replay', provider: 'replay', model: entry.model ?? route.modelId, ref: route.ref };
  } else {
    const live = await callWithRetries(
      route,
      request,
      context,
      site,
      deps.live,
      (outputChars) => deps.emit({ type: 'llm.progress', context, outputChars }),
      {
        // Before the request leaves: a crash while it is in flight leaves its worst case counted.
        sent: async (worstUsd) => {
          // A store that cannot remove a row (a test's list of calls) is not given one to settle.
          if (!deps.store?.forgetModelCall) return undefined;
          const id = randomUUID();
          await ledger({ id, provider: route.provider, model: route.modelId, usage: NO_USAGE, source: 'reserved', cost: { costUsd: worstUsd, amount: 0n, source: 'catalog' }, latencyMs: 0 });
          return id;
        },
        // A stream that broke after its usage arrived: the provider bills it, so the ledger does.
        billed: async (id, charge) => {
          await ledger({ id, provider: route.provider, model: answeringModelId(route.modelId, charge.reportedModel), usage: charge.usage, source: 'live', cost: charge.cost, latencyMs: elapsed() });
        },
        unbilled: async (id) => {
          if (id !== undefined) await deps.store?.forgetModelCall?.(id);
        },
      },
    );
    ledgerId = live.ledgerId;
    const model = answeringModelId(route.modelId, live.reportedModel);
    answered = { answer: live.answer, source: 'live', provider: route.provider, model, ref: model === route.modelId ? route.ref : `${route.provider}:${model}` };
    cost = live.cost;
  }

  // Recorded whatever the verdict: a replay must meet the same failed answers to send the same repairs.
  const cassette = deps.cassette;
  if (cassette?.mode === 'record' && (answered.source === 'live' || cassette.find(requestHash) === undefined)) {
    await cassette.record(requestHash, {
      label: redactSecrets(context.label, deps.secrets),
      schemaName: request.schemaName,
      model: answered.ref,
      response: { ...answered.answer, text: redactSecrets(answered.answer.text, deps.secrets) },
    });
  }
  // Charged before anyone judges it: a rejected answer was paid for all the same.
  const latencyMs = elapsed();
  await ledger({ id: ledgerId, provider: answered.provider, model: answered.model, usage: answered.answer.usage, source: answered.source, cost, latencyMs });
  deps.emit({
    type: 'llm.call.finished',
    context,
    provider: answered.provider,
    model: answered.model,
    source: answered.source,
    usage: answered.answer.usage,
    latencyMs,
    requestHash,
    costUsd: cost.costUsd,
    costSource: cost.source,
    ...(answered.source !== 'replay' && answered.ref !== route.ref ? { asked: route.ref } : {}),
  });

  const keys = [runCacheKey(context.runId, requestHash), ...(deps.cacheScope === 'project' ? [projectCacheKey(hashable(request), projectModelKey(route, answered.ref), deps.paths)] : [])];
  const { ref: _ref, served, ...rest } = answered;
  return {
    ...rest,
    verdict: verdict ?? judge(answered.answer),
    requestHash,
    link: { keys, answer: answered.answer, provider: answered.provider, model: answered.model, ...(served ? { served } : {}) },
  };
}
