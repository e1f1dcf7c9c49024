import type { Generated } from 'kysely';
import type {
  DocumentStatus,
  ModelCallRecord,
  RunStatus,
  StageStatus,
  TaskStatus,
} from './store.js';

/**
 * The tables as Kysely sees them. Columns are snake_case; JSON values are TEXT (columns named
 * `*_json`) and are parsed back by the store; timestamps are ISO-8601 strings.
 *
 * `ordinal` columns record creation order within a run (1, 2, 3, ...). They are computed by a
 * subquery in the insert itself, so ordering needs neither rowids nor timestamps (which tie
 * within a millisecond) and works the same on every SQL backend.
 */

export interface ProjectsTable {
  id: string;
  name: string;
  root: string;
  created_at: string;
}

export interface RunsTable {
  id: string;
  /** Creation order across all runs, for "newest first" without timestamp ties. */
  ordinal: number;
  project_id: string;
  idea: string;
  workflow_id: string;
  status: RunStatus;
  plan_json: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface StagesTable {
  run_id: string;
  stage_id: string;
  ordinal: number;
  role: string;
  status: StageStatus;
  model: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

export interface TasksTable {
  run_id: string;
  stage_id: string;
  task_id: string;
  ordinal: number;
  title: string;
  status: TaskStatus;
  attempts: number;
  spec_json: string;
  error: string | null;
  updated_at: string;
}

export interface DocumentsTable {
  id: string;
  project_id: string;
  run_id: string;
  ordinal: number;
  name: string;
  kind: string;
  version: number;
  content_json: string;
  author_role: string;
  status: DocumentStatus;
  lineage_json: string;
  created_at: string;
}

export interface EventsTable {
  seq: Generated<number>;
  run_id: string;
  type: string;
  stage_id: string | null;
  task_id: string | null;
  payload_json: string;
  at: string;
}

export interface ModelCallsTable {
  id: string;
  run_id: string;
  ordinal: number;
  stage_id: string | null;
  task_id: string | null;
  role: string | null;
  provider: string;
  model: string;
  request_hash: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  latency_ms: number;
  source: ModelCallRecord['source'];
  /** A decimal string, so sums of small prices lose nothing to floating point. */
  cost_usd: string | null;
  at: string;
}

export interface ResponseCacheTable {
  request_hash: string;
  response_json: string;
  created_at: string;
}

export interface LeasesTable {
  name: string;
  owner: string;
  holder: string;
  acquired_at: string;
  heartbeat_at: string;
  /**
   * Epoch milliseconds (a BIGINT), so "expired" is an exact integer comparison in SQL rather
   * than a string comparison of timestamps.
   */
  expires_at: number;
}

export interface StoreDatabase {
  projects: ProjectsTable;
  runs: RunsTable;
  stages: StagesTable;
  tasks: TasksTable;
  documents: DocumentsTable;
  events: EventsTable;
  model_calls: ModelCallsTable;
  response_cache: ResponseCacheTable;
  leases: LeasesTable;
}
