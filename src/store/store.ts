/**
 * The one persistence interface. SQLite is the embedded default; Postgres follows behind the
 * same interface and the same conformance suite (store-conformance.ts).
 * JSON-valued fields are plain JS values here; each backend serialises them itself.
 */

/** `parked`: every stage that could run has; the rest wait for something outside the run (a person). */
export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'stopped' | 'parked';
export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type TaskStatus = 'todo' | 'doing' | 'blocked' | 'done' | 'failed';
export type DocumentStatus = 'draft' | 'approved' | 'rejected';

export interface ProjectRecord {
  id: string;
  name: string;
  root: string;
  createdAt: string;
}

export interface RunRecord {
  id: string;
  projectId: string;
  idea: string;
  workflowId: string;
  status: RunStatus;
  /** Everything needed to resume without re-reading YAML: compiled workflow, roles, options. */
  plan: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StageRecord {
  runId: string;
  stageId: string;
  role: string;
  status: StageStatus;
  model: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface TaskRecord {
  runId: string;
  stageId: string;
  taskId: string;
  title: string;
  status: TaskStatus;
  attempts: number;
  /** The task as the plan declared it (files, dependencies, priority, description). */
  spec: unknown;
  error: string | null;
  updatedAt: string;
}

export interface NewDocument {
  id: string;
  projectId: string;
  runId: string;
  /** The workflow output name, e.g. `prd` or `security_assessment`. */
  name: string;
  kind: string;
  content: unknown;
  authorRole: string;
  status: DocumentStatus;
  /** Ids of the document versions this one was made from. */
  lineage: string[];
}

export interface DocumentRecord extends NewDocument {
  /** 1 for the first document of this name in the project, then 2, 3, ... */
  version: number;
  createdAt: string;
}

export interface NewEvent {
  runId: string;
  type: string;
  stageId?: string | null;
  taskId?: string | null;
  payload: Record<string, unknown>;
}

export interface EventRecord extends Required<NewEvent> {
  seq: number;
  at: string;
}

export interface ModelCallRecord {
  id: string;
  runId: string;
  stageId: string | null;
  taskId: string | null;
  role: string | null;
  provider: string;
  model: string;
  requestHash: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  latencyMs: number;
  /**
   * 'live' (a paid call), 'replay' (from a cassette), 'cache' (from the response cache), or
   * 'reserved': sent, with its worst-case cost, and never settled (the process was killed while
   * it was in flight), so the budget still counts what the provider may bill for it.
   */
  source: 'live' | 'replay' | 'cache' | 'reserved';
  costUsd: string | null;
  at: string;
}

export interface CachedResponse {
  requestHash: string;
  /** The model's answer as the llm layer needs to rebuild its result. */
  response: unknown;
  createdAt: string;
}

/**
 * A claim on something only one process may work on at a time. It expires unless renewed
 * (a heartbeat), so a holder that dies without releasing frees it after `ttlMs`.
 */
export interface LeaseRecord {
  /** What is leased: `run:<id>` for a whole run, `run:<id>/task:<stage>/<task>` for one job of it. */
  name: string;
  /** A unique id of the holder (per process and claim). */
  owner: string;
  /** Who holds it, in words a user can act on, e.g. "process 4121 on host ci-7 (atelier resume)". */
  holder: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

export type LeaseClaim = { acquired: true; lease: LeaseRecord } | { acquired: false; heldBy: LeaseRecord };

export interface LeaseRequest {
  name: string;
  owner: string;
  holder: string;
  /** How long the lease lasts without a renewal, in milliseconds (more than 0). */
  ttlMs: number;
}

export interface Store {
  upsertProject(project: Omit<ProjectRecord, 'createdAt'>): Promise<ProjectRecord>;
  getProject(id: string): Promise<ProjectRecord | undefined>;

  createRun(run: Omit<RunRecord, 'createdAt' | 'updatedAt'>): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(projectId?: string): Promise<RunRecord[]>;
  updateRun(id: string, patch: Partial<Pick<RunRecord, 'status' | 'error' | 'plan'>>): Promise<void>;

  upsertStage(stage: StageRecord): Promise<void>;
  listStages(runId: string): Promise<StageRecord[]>;

  upsertTask(task: Omit<TaskRecord, 'updatedAt'>): Promise<void>;
  listTasks(runId: string, stageId?: string): Promise<TaskRecord[]>;

  /** Assigns the next version for (projectId, name) atomically. */
  saveDocument(doc: NewDocument): Promise<DocumentRecord>;
  getDocument(id: string): Promise<DocumentRecord | undefined>;
  /** Latest version of each name produced in this run, in creation order. */
  listDocuments(runId: string): Promise<DocumentRecord[]>;
  /** All versions of one name in the project, oldest first. */
  listDocumentVersions(projectId: string, name: string): Promise<DocumentRecord[]>;
  setDocumentStatus(id: string, status: DocumentStatus): Promise<void>;

  appendEvent(event: NewEvent): Promise<EventRecord>;
  /**
   * Events of a run in append order, optionally only those after `afterSeq`, and only those of
   * `types` (what a view shows, read without parsing the rest of a long log).
   */
  listEvents(runId: string, afterSeq?: number, types?: readonly string[]): Promise<EventRecord[]>;

  /** Adds the call, or replaces the one with its id (a reserved row settled), keeping its place in the ledger. */
  recordModelCall(call: ModelCallRecord): Promise<void>;
  /** Removes a reserved row whose call was never billed (refused before any usage arrived). */
  forgetModelCall(id: string): Promise<void>;
  listModelCalls(runId: string): Promise<ModelCallRecord[]>;

  getCachedResponse(requestHash: string): Promise<CachedResponse | undefined>;
  putCachedResponse(requestHash: string, response: unknown): Promise<void>;

  /** Takes the lease when it is free, expired, or already this owner's (then it is renewed). Atomic: of two racing claims exactly one wins. */
  acquireLease(request: LeaseRequest): Promise<LeaseClaim>;
  /** Extends this owner's lease by ttlMs from now; false when it is no longer this owner's (expired and taken over, or broken). */
  renewLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up; a no-op when this owner does not hold it. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** Removes the lease only if `owner` still holds it (the caller knows that holder is dead); true when removed. */
  breakLease(name: string, owner: string): Promise<boolean>;
  /** The lease as last written, expired or not (compare `expiresAt`); undefined when nobody holds it. */
  getLease(name: string): Promise<LeaseRecord | undefined>;
  /** Leases whose name starts with `prefix`, unexpired only, ordered by name. */
  listLeases(prefix: string): Promise<LeaseRecord[]>;

  close(): Promise<void>;
}
