import { z } from 'zod';
import type { LlmStore } from './llm-store.js';
import { recordedAnswerSchema, type RecordedAnswer } from './recorded-answer.js';
import { hashRequest, type HashableRequest } from './request-hash.js';

/**
 * What the response cache holds for one request: the raw answer, who gave it, and what became
 * of it. `accepted`: it passed the schema and checks. `repaired`: it failed, and the repair sent
 * back after it was accepted, so replaying it leads (free) to that accepted answer. `rejected`:
 * it failed and nothing mended it; it is never served again.
 */
export const cachedAnswerSchema = recordedAnswerSchema.extend({
  verdict: z.enum(['accepted', 'repaired', 'rejected']).optional(),
  /** The provider and model id that really answered, as the ledger records them. */
  provider: z.string().optional(),
  model: z.string().optional(),
});

export type CachedAnswer = z.infer<typeof cachedAnswerSchema>;
export type CacheVerdict = NonNullable<CachedAnswer['verdict']>;

/** Within a run any model may reuse an answer that was accepted: a resumed run never pays twice. */
export function runCacheKey(runId: string, requestHash: string): string {
  return `run:${runId}:${requestHash}`;
}

/** Where versions before answers were judged kept a backup's answers; still read, never written. */
export function legacyBackupKey(runId: string, routeRef: string, requestHash: string): string {
  return `run:${runId}:${routeRef}:${requestHash}`;
}

/** Across runs only the model that really answered may reuse its answer (`provider:model`). */
export function projectCacheKey(request: HashableRequest, modelRef: string, paths: readonly string[]): string {
  return `project:${hashRequest({ ...request, model: modelRef }, { paths })}`;
}

export async function readCachedAnswer(store: LlmStore | undefined, key: string): Promise<CachedAnswer | undefined> {
  const cached = await store?.getCachedResponse(key);
  if (cached === undefined) return undefined;
  // A row from an older version, or hand-edited: ask again rather than trust it.
  const parsed = cachedAnswerSchema.safeParse(cached.response);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether a cached answer may answer a request again, given how it fares against the request's
 * schema and checks now. A rejected one never is; a repaired one is, since its repair comes next;
 * any other only if it passes now (an older row without a verdict may hold a failed answer).
 */
export function mayServe(entry: CachedAnswer, passesNow: boolean): boolean {
  if (entry.verdict === 'rejected') return false;
  return passesNow || entry.verdict === 'repaired';
}

/** One answer of a route's repair conversation, with the cache keys it belongs under. */
export interface ChainLink {
  keys: readonly string[];
  answer: RecordedAnswer;
  provider: string;
  model: string;
  /** Set when the answer was served from the cache: the verdict the entry held (none in older rows). */
  served?: { verdict: CacheVerdict | undefined };
}

async function put(store: LlmStore, link: ChainLink, verdict: CacheVerdict): Promise<void> {
  if (link.served?.verdict === verdict) return;
  const entry: CachedAnswer = { ...link.answer, verdict, provider: link.provider, model: link.model };
  for (const key of link.keys) await store.putCachedResponse(key, entry);
}

/**
 * Keeps a repair conversation that ended in an accepted answer: the accepted answer first, then
 * each failed answer before it as `repaired`, last to first, so no kept entry leads to a missing one.
 */
export async function keepAccepted(store: LlmStore | undefined, failed: readonly ChainLink[], accepted: ChainLink): Promise<void> {
  if (!store) return;
  await put(store, accepted, 'accepted');
  for (const link of [...failed].reverse()) await put(store, link, 'repaired');
}

/**
 * A conversation that ended without an accepted answer: answers it took from the cache are
 * marked rejected, so a retry, a backup or a resume asks again. Live ones were never kept.
 */
export async function rejectServed(store: LlmStore | undefined, failed: readonly ChainLink[]): Promise<void> {
  if (!store) return;
  for (const link of failed) if (link.served) await put(store, link, 'rejected');
}
