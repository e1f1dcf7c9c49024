import type { LlmUsage } from '../llm/types.js';
import type { EventRecord } from '../store/store.js';
import type { RunServices } from './run-services.js';

/** A task's first implementation, written and committed: `task.implemented`. */
export interface ImplementedCheckpoint {
  files: string[];
  refused: string[];
  notes: string;
  commit: string | null;
  usage: LlmUsage;
}

/** One stored review round: `task.reviewed` with the id of the review document it saved. */
export interface ReviewCheckpoint {
  round: number;
  verdict: string;
  documentId: string;
}

/**
 * How far a task of this run got, read back from the event log, so a resumed run continues after
 * the last finished sub-step instead of asking (and paying) for it again.
 */
export interface TaskCheckpoint {
  /** Every file this run wrote for the task. */
  writtenThisRun: Set<string>;
  implemented?: ImplementedCheckpoint;
  reviews: Map<number, ReviewCheckpoint>;
  /** Revisions after review round N, written and committed: the files they wrote. */
  revisions: Map<number, string[]>;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function usageOf(value: unknown): LlmUsage {
  const u = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const n = (key: string) => (typeof u[key] === 'number' ? u[key] : 0);
  return { inputTokens: n('inputTokens'), outputTokens: n('outputTokens'), cachedInputTokens: n('cachedInputTokens') };
}

/** Folds one task's events, in log order, into its checkpoint. */
export function taskCheckpoint(events: readonly EventRecord[]): TaskCheckpoint {
  const checkpoint: TaskCheckpoint = { writtenThisRun: new Set(), reviews: new Map(), revisions: new Map() };
  for (const event of events) {
    const p = event.payload;
    if (event.type === 'file.written' && typeof p.path === 'string') checkpoint.writtenThisRun.add(p.path);
    else if (event.type === 'task.implemented') {
      checkpoint.implemented = { files: strings(p.files), refused: strings(p.refused), notes: typeof p.notes === 'string' ? p.notes : '', commit: typeof p.commit === 'string' ? p.commit : null, usage: usageOf(p.tokens) };
      // A new implementation starts the review over.
      checkpoint.reviews.clear();
      checkpoint.revisions.clear();
    } else if (event.type === 'task.reviewed' && typeof p.documentId === 'string' && typeof p.round === 'number') {
      checkpoint.reviews.set(p.round, { round: p.round, verdict: String(p.verdict), documentId: p.documentId });
    } else if (event.type === 'task.revised' && typeof p.round === 'number') {
      checkpoint.revisions.set(p.round, strings(p.files));
    }
  }
  return checkpoint;
}

/** The checkpoints of every task of one stage of a run. */
export async function readTaskCheckpoints(services: Pick<RunServices, 'store' | 'events'>, runId: string, stageId: string): Promise<Map<string, TaskCheckpoint>> {
  await services.events.flush();
  const byTask = new Map<string, EventRecord[]>();
  for (const event of await services.store.listEvents(runId)) {
    if (event.stageId !== stageId || !event.taskId) continue;
    const list = byTask.get(event.taskId) ?? [];
    list.push(event);
    byTask.set(event.taskId, list);
  }
  return new Map([...byTask].map(([taskId, events]) => [taskId, taskCheckpoint(events)]));
}

export function emptyCheckpoint(): TaskCheckpoint {
  return { writtenThisRun: new Set(), reviews: new Map(), revisions: new Map() };
}
