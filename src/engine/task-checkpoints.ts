import type { LlmUsage } from '../llm/index.js';

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
 * How far a task of this run got, as the event log tells (the fold in run-state.ts keeps it), so
 * a resumed run continues after the last finished sub-step instead of asking (and paying) for it again.
 */
export interface TaskCheckpoint {
  /** Every file this run wrote for the task. */
  writtenThisRun: Set<string>;
  implemented?: ImplementedCheckpoint;
  reviews: Map<number, ReviewCheckpoint>;
  /** Revisions after review round N, written and committed: the files they wrote. */
  revisions: Map<number, string[]>;
}

export function emptyCheckpoint(): TaskCheckpoint {
  return { writtenThisRun: new Set(), reviews: new Map(), revisions: new Map() };
}
