import { randomUUID } from 'node:crypto';
import { redactSecrets } from '../observe/redact.js';
import type { CallCost } from './call-cost.js';
import type { Cassette } from './cassette.js';
import { callWithRetries, type LiveCallDeps, type LiveRequest } from './live-call.js';
import type { LlmStore } from './llm-store.js';
import type { CallSite } from './model-call-error.js';
import { recordedAnswerSchema, type RecordedAnswer } from './recorded-answer.js';
import { hashRequest } from './request-hash.js';
import type { Route } from './route.js';
import type { CallContext, LlmEvent } from './types.js';

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

export interface Answered {
  answer: RecordedAnswer;
  source: 'live' | 'replay' | 'cache';
  provider: string;
  model: string;
  requestHash: string;
}

const FREE: CallCost = { costUsd: '0', amount: 0n, source: 'free' };

async function readCache(store: LlmStore | undefined, key: string): Promise<RecordedAnswer | undefined> {
  const cached = await store?.getCachedResponse(key);
  if (cached === undefined) return undefined;
  // A row from an older version, or hand-edited: ask again rather than trust it.
  const parsed = recordedAnswerSchema.safeParse(cached.response);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Within a run (resume) any model may reuse the primary's answer; a backup keeps its own, or it
 * would be handed the very answer it is there to replace.
 */
function runCacheKey(runId: string, requestHash: string, backupRef?: string): string {
  return backupRef === undefined ? `run:${runId}:${requestHash}` : `run:${runId}:${backupRef}:${requestHash}`;
}

/** Whether this run already holds the primary's answer to the request: such an answer costs nothing. */
export async function runHasAnswer(request: Pick<LiveRequest, 'system' | 'messages' | 'schemaName'>, runId: string, deps: Pick<AnswerDeps, 'store' | 'paths'>): Promise<boolean> {
  const requestHash = hashRequest({ system: request.system, messages: request.messages, schemaName: request.schemaName }, { paths: deps.paths });
  return (await readCache(deps.store, runCacheKey(runId, requestHash))) !== undefined;
}

/**
 * One attempt of one request on one route: an answer from the response cache, the cassette
 * when replaying, or the live model; kept (cache, cassette) and recorded in the ledger with
 * its cost before anyone validates it, so a resumed run never pays for it again.
 */
export async function answerAttempt(
  route: Route,
  request: LiveRequest,
  context: CallContext,
  position: { attempt: number; primary: boolean },
  deps: AnswerDeps,
): Promise<Answered> {
  const hashable = { system: request.system, messages: request.messages, schemaName: request.schemaName };
  const requestHash = hashRequest(hashable, { paths: deps.paths });
  const runKey = runCacheKey(context.runId, requestHash, position.primary ? undefined : route.ref);
  // Across runs a different model must not reuse the answer.
  const projectKey = deps.cacheScope === 'project' ? `project:${hashRequest({ ...hashable, model: route.ref }, { paths: deps.paths })}` : undefined;
  const site: CallSite = { label: context.label, model: route.ref, runId: context.runId };
  deps.emit({ type: 'llm.call.started', context, provider: route.provider, model: route.modelId, attempt: position.attempt });
  const startedAt = deps.now();

  let answered: Omit<Answered, 'requestHash'>;
  let cost: CallCost = FREE;
  const runCached = await readCache(deps.store, runKey);
  const projectCached = runCached === undefined && projectKey !== undefined ? await readCache(deps.store, projectKey) : undefined;
  const cached = runCached ?? projectCached;
  if (cached) {
    answered = { answer: cached, source: 'cache', provider: route.provider, model: route.modelId };
  } else if (deps.cassette?.mode === 'replay') {
    let entry;
    try {
      entry = deps.cassette.replay(requestHash, context.label);
    } catch (error) {
      deps.emit({ type: 'llm.call.failed', context, model: route.modelId, error: (error as Error).message, willRetry: false, failure: 'permanent' });
      throw error;
    }
    answered = { answer: entry.response, source: 'replay', provider: 'replay', model: entry.model ?? route.modelId };
  } else {
    const live = await callWithRetries(route, request, context, site, deps.live, (outputChars) => deps.emit({ type: 'llm.progress', context, outputChars }));
    answered = { answer: live.answer, source: 'live', provider: route.provider, model: route.modelId };
    cost = live.cost;
  }

  // Kept before validation: a valid-JSON-but-wrong answer was still paid for.
  if (runCached === undefined) await deps.store?.putCachedResponse(runKey, answered.answer);
  if (projectKey !== undefined && cached === undefined) await deps.store?.putCachedResponse(projectKey, answered.answer);
  // A live answer replaces a stale entry; a cached one fills the gap a killed recording left.
  const cassette = deps.cassette;
  if (cassette?.mode === 'record' && (answered.source === 'live' || cassette.find(requestHash) === undefined)) {
    await cassette.record(requestHash, {
      label: redactSecrets(context.label, deps.secrets),
      schemaName: request.schemaName,
      model: route.ref,
      response: { ...answered.answer, text: redactSecrets(answered.answer.text, deps.secrets) },
    });
  }

  const latencyMs = Math.max(0, Math.round(deps.now() - startedAt));
  await deps.store?.recordModelCall({
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
    costUsd: cost.costUsd,
    at: new Date(deps.now()).toISOString(),
  });
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
  });
  return { ...answered, requestHash };
}
