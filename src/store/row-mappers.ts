import type { Selectable } from 'kysely';
import * as z from 'zod';
import { anyJson, fromJsonText, jsonObject, stringList } from './json-column.js';
import { StoreError } from './store-error.js';
import type {
  DocumentsTable,
  EventsTable,
  LeasesTable,
  ModelCallsTable,
  ProjectsTable,
  ResponseCacheTable,
  RunsTable,
  StagesTable,
  TasksTable,
} from './schema.js';
import type {
  CachedResponse,
  DocumentRecord,
  EventRecord,
  LeaseRecord,
  ModelCallRecord,
  ProjectRecord,
  RunRecord,
  StageRecord,
  TaskRecord,
} from './store.js';

/** Turns stored rows back into the records of the `Store` contract, parsing JSON columns. */

export function projectFromRow(row: Selectable<ProjectsTable>): ProjectRecord {
  return { id: row.id, name: row.name, root: row.root, createdAt: row.created_at };
}

export function runFromRow(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    idea: row.idea,
    workflowId: row.workflow_id,
    status: row.status,
    plan: fromJsonText(row.plan_json, anyJson, `the plan of run ${row.id}`),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function stageFromRow(row: Selectable<StagesTable>): StageRecord {
  return {
    runId: row.run_id,
    stageId: row.stage_id,
    role: row.role,
    status: row.status,
    model: row.model,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

export function taskFromRow(row: Selectable<TasksTable>): TaskRecord {
  return {
    runId: row.run_id,
    stageId: row.stage_id,
    taskId: row.task_id,
    title: row.title,
    status: row.status,
    attempts: row.attempts,
    spec: fromJsonText(row.spec_json, anyJson, `the spec of task ${row.task_id} of run ${row.run_id}`),
    error: row.error,
    updatedAt: row.updated_at,
  };
}

export function documentFromRow(row: Selectable<DocumentsTable>): DocumentRecord {
  const label = `document "${row.name}" v${row.version} (${row.id})`;
  return {
    id: row.id,
    projectId: row.project_id,
    runId: row.run_id,
    name: row.name,
    kind: row.kind,
    content: fromJsonText(row.content_json, anyJson, `the content of ${label}`),
    authorRole: row.author_role,
    status: row.status,
    lineage: fromJsonText(row.lineage_json, stringList, `the lineage of ${label}`),
    version: row.version,
    createdAt: row.created_at,
  };
}

export function eventFromRow(row: Selectable<EventsTable>): EventRecord {
  return {
    seq: row.seq,
    runId: row.run_id,
    type: row.type,
    stageId: row.stage_id,
    taskId: row.task_id,
    payload: fromJsonText(row.payload_json, jsonObject, `the payload of event ${row.seq}`),
    at: row.at,
  };
}

export function modelCallFromRow(row: Selectable<ModelCallsTable>): ModelCallRecord {
  return {
    id: row.id,
    runId: row.run_id,
    stageId: row.stage_id,
    taskId: row.task_id,
    role: row.role,
    provider: row.provider,
    model: row.model,
    requestHash: row.request_hash,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    latencyMs: row.latency_ms,
    source: row.source,
    costUsd: row.cost_usd,
    at: row.at,
  };
}

export function cachedResponseFromRow(row: Selectable<ResponseCacheTable>): CachedResponse {
  return {
    requestHash: row.request_hash,
    response: fromJsonText(row.response_json, anyJson, `the cached response ${row.request_hash}`),
    createdAt: row.created_at,
  };
}

export function leaseFromRow(row: Selectable<LeasesTable>): LeaseRecord {
  return {
    name: row.name,
    owner: row.owner,
    holder: row.holder,
    acquiredAt: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
    // A lease whose expiry cannot be read (a hand-edited row) holds nothing: it has expired.
    expiresAt: epochMs.safeParse(row.expires_at).success ? isoFromEpochMs(row.expires_at, `the expiry of lease ${row.name}`) : new Date(0).toISOString(),
  };
}

/**
 * A BIGINT of epoch milliseconds as drivers return it (a number from better-sqlite3, a decimal
 * string from pg), checked to lie within the range a Date can show.
 */
const epochMs = z
  .union([z.number(), z.bigint(), z.string().regex(/^\d+$/)])
  .transform(Number)
  .pipe(z.number().int().min(0).max(8.64e15));

function isoFromEpochMs(value: unknown, what: string): string {
  const result = epochMs.safeParse(value);
  if (!result.success) {
    throw new StoreError(`could not read ${what}`, `the stored value is not a time in epoch milliseconds: ${z.prettifyError(result.error)}`);
  }
  return new Date(result.data).toISOString();
}
