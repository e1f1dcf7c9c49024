import type { Review, TestReport } from '../../src/documents/index.js';

/** One event of the run's log, as the timing needs it. */
export interface TimelineEvent {
  type: string;
  at: string;
}

/** What the run's cost ledger says (`atelier cost RUN --json`). */
export interface CostEvidence {
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal dollars, as the ledger keeps them. */
  costUsd: string;
  /** Calls whose model has no known price: the cost leaves them out. */
  unpricedCalls: number;
  /** Input plus output tokens per delivered line (MetaGPT's "productivity"). */
  tokensPerLine: number | null;
}

/**
 * Everything the scores are computed from, read once from what the run left: its store (the
 * documents, the event log), `atelier show` and `atelier cost`, and the delivered files. An
 * absent field is evidence that could not be read, and the scores that need it say so.
 */
export interface RunEvidence {
  runId: string;
  /** The run's status in the store: succeeded, failed, stopped, parked, running, pending. */
  status: string;
  error: string | null;
  /** A `running` run that no process holds: killed or crashed, waiting for `atelier resume`. */
  interrupted: boolean;
  /** The PRD's user stories (its latest version); undefined when the run wrote no PRD. */
  userStories?: string[];
  /** The final test report (the latest version of `test_report`), checked against its schema. */
  report?: TestReport;
  /** Why a stored test report could not be used, when there is one. */
  reportUnreadable?: string;
  /** The files the latest `source_code` document lists, as they are now in the project. */
  sourceFiles?: { path: string; text: string }[];
  /** Files the source_code document lists that are no longer in the project, or not readable. */
  unreadableSourceFiles: string[];
  /** The latest version of each review document (per-task reviews and the project review). */
  reviews: Review[];
  /** Fix rounds started (`fix.round.started` events). */
  fixRounds: number;
  timeline: TimelineEvent[];
  cost?: CostEvidence;
  /** The models that answered, as `atelier show` names them. */
  answeredBy: string[];
}
