import type { FixRound, TaskReviewSummary } from '../documents/index.js';
import type { FixHistoryEntry } from '../roles/fix-role.js';
import { readEvent, type TypedEvent } from '../store/event-schemas.js';
import type { EventType } from '../store/event-types.js';
import type { EventRecord } from '../store/store.js';
import { parseUsd, ZERO_USD, type Usd } from '../llm/usd.js';
import type { RunPlan } from './run-plan.js';
import { TIMEOUT_DECIDER } from './approvals.js';
import { emptyCheckpoint, type TaskCheckpoint } from './task-checkpoints.js';

export interface TaskView {
  id: string;
  title: string;
  status: 'doing' | 'done' | 'failed';
  /** Times the task was started (the next start is attempt + 1). */
  attempts: number;
  startedAt: number;
  finishedAt?: number;
  /** What this run already did for the task, so a resume continues after it. */
  checkpoint: TaskCheckpoint;
  /** The last review of the task's change. */
  review?: TaskReviewSummary;
  /** The specialist that does the task, when it is not the stage's own role (a task routed by its type). */
  roleName?: string;
}

/** Where a stage's approval point stands: its document waits, was approved, or was sent back with feedback. */
export interface ApprovalView {
  status: 'requested' | 'granted' | 'rejected';
  documentId: string;
  name: string;
  version: number;
  /** When the document was put up for approval (epoch ms). */
  requestedAt: number;
  by?: string;
  comment?: string;
  feedback?: string;
  /** The person approved their own edit of the document (`documentId` and `version` are the edit's). */
  edited?: boolean;
}

/** Questions a role asked the user about its document, waiting or answered (null: left to the role). */
export interface QuestionsView {
  status: 'asked' | 'answered';
  documentId: string;
  name: string;
  version: number;
  questions: string[];
  askedAt: number;
  answers?: (string | null)[];
  by?: string;
}

/** Feedback a stage's role sent the author of one of its inputs. */
export interface MessageView {
  to: string;
  toStage: string;
  document: string;
  documentId: string;
  version: number;
  content: string;
  round: number;
  sentAt: number;
  /** A note on a document a person approves: kept for them, not revised by its role. */
  forPerson?: boolean;
}

/** The fix rounds a QA stage finished, with what the next round's prompt recalls of them. */
export interface EarlierFixRounds {
  rounds: FixRound[];
  history: FixHistoryEntry[];
  /** Per failure signature, the fix signatures already tried. */
  tried: Map<string, Set<string>>;
}

export interface StageView {
  id: string;
  /** The role's id, and the name the views show. */
  roleId: string;
  roleName: string;
  /** The model chosen for the stage, from `stage.started` (or the selection that traded it under the budget). */
  model?: string;
  /** The models that really answered the stage's calls (`provider:model`), first answer first. */
  answeredBy: string[];
  status: 'pending' | 'running' | 'done' | 'failed' | 'parked';
  startedAt?: number;
  finishedAt?: number;
  tokens: number;
  calls: number;
  document?: string;
  error?: string;
  /** The stage's approval point: the document waiting for a person, or the decision taken on it. */
  approval?: ApprovalView;
  /** Questions its role asked the user, and the answers once given. */
  questions?: QuestionsView;
  /** Times nobody decided in time and the timeout sent the document back (once at most). */
  timeoutRejections?: number;
  /** Feedback its role sent the authors of its inputs, in the order sent. */
  messages?: MessageView[];
  /** Why the stage waits, while it is parked. */
  parkedFor?: string;
  tasks: TaskView[];
  /** Files the stage's tasks wrote: path → task and size, last write winning. */
  files: Map<string, { taskId: string; bytes: number; sha256?: string }>;
  fixRounds: EarlierFixRounds;
}

export interface CommitView {
  sha: string;
  message: string;
  author: string;
}

/**
 * A run as far as its events tell: the one fold of the event log that the progress views, `show`
 * and resume all read, so nothing keeps a second record of progress. Events are applied in log
 * order; an event whose payload does not fit its schema is skipped.
 */
export class RunState {
  readonly stages = new Map<string, StageView>();
  model = '';
  /** Every distinct file the run wrote, relative to the project. */
  readonly files = new Set<string>();
  writes = 0;
  refused: string[] = [];
  commits: CommitView[] = [];
  warnings: string[] = [];
  /** Prompts that left context out to fit their role's budget: which call, and what went. */
  packed: { stageId: string | null; taskId: string | null; label: string; summary: string }[] = [];
  testStatus?: string;
  /** The run's final verdict on the project's own tests, from `run.finished`. */
  tests?: { testsPass: boolean; fixRounds: number; summary: string };
  fixRounds = 0;
  /** Exact sum of the ledger's costs; calls to models with no known price are counted apart. */
  cost: Usd = ZERO_USD;
  unpricedCalls = 0;
  stopped?: string;
  lastSeq = 0;
  /** Events that fit their schema but could not be applied. */
  unreadable = 0;

  constructor(plan: RunPlan) {
    for (const stage of plan.workflow.stages) {
      const role = plan.roles[stage.roleId];
      this.stages.set(stage.id, {
        id: stage.id,
        roleId: stage.roleId,
        roleName: role?.displayName ?? stage.roleId,
        status: 'pending',
        tokens: 0,
        calls: 0,
        tasks: [],
        files: new Map(),
        fixRounds: { rounds: [], history: [], tried: new Map() },
        answeredBy: [],
      });
    }
  }

  /** Applies one stored event; events already applied (by sequence number) are ignored. */
  apply(record: EventRecord): void {
    if (record.seq <= this.lastSeq) return;
    this.lastSeq = record.seq;
    const event = readEvent(record);
    if (!event) return;
    try {
      this.applyTyped(event, Date.parse(record.at));
    } catch {
      // A payload its schema let through but the fold cannot use (a stored row edited by hand):
      // skipped like an unreadable one, so one bad row never hides the rest of the run.
      this.unreadable++;
    }
  }

  task(stageId: string, taskId: string): TaskView | undefined {
    return this.stages.get(stageId)?.tasks.find((task) => task.id === taskId);
  }

  totalTokens(): number {
    let total = 0;
    for (const stage of this.stages.values()) total += stage.tokens;
    return total;
  }

  private applyTyped(event: TypedEvent, at: number): void {
    const stage = event.stageId ? this.stages.get(event.stageId) : undefined;
    const task = stage && event.taskId ? stage.tasks.find((t) => t.id === event.taskId) : undefined;
    switch (event.type) {
      case 'run.started':
      case 'run.resumed':
        this.model = `${event.payload.provider}:${event.payload.model}`;
        break;
      case 'stage.started':
        if (stage) Object.assign(stage, { status: 'running', startedAt: at, finishedAt: undefined, error: undefined, parkedFor: undefined, model: event.payload.model });
        break;
      case 'stage.finished':
        if (stage) Object.assign(stage, { status: 'done', finishedAt: at, document: event.payload.path, parkedFor: undefined });
        break;
      case 'stage.failed':
        if (stage) Object.assign(stage, { status: 'failed', finishedAt: at, error: event.payload.error });
        break;
      case 'stage.parked':
        if (stage) Object.assign(stage, { status: 'parked', parkedFor: event.payload.reason });
        break;
      case 'approval.requested':
        if (stage) stage.approval = { status: 'requested', documentId: event.payload.documentId, name: event.payload.name, version: event.payload.version, requestedAt: at };
        break;
      case 'approval.granted': {
        const p = event.payload;
        const approval = stage?.approval;
        if (!stage || !approval) break;
        if (approval.documentId === p.documentId) stage.approval = { ...approval, status: 'granted', by: p.by, ...(p.comment ? { comment: p.comment } : {}) };
        // The person's edit of the waiting document, approved as its next version.
        else if (p.editedFrom !== undefined && approval.documentId === p.editedFrom && approval.status === 'requested') stage.approval = { ...approval, status: 'granted', documentId: p.documentId, version: p.version, by: p.by, edited: true, ...(p.comment ? { comment: p.comment } : {}) };
        break;
      }
      case 'approval.rejected':
        if (stage?.approval?.documentId === event.payload.documentId) {
          stage.approval = { ...stage.approval, status: 'rejected', by: event.payload.by, feedback: event.payload.feedback };
          if (event.payload.by === TIMEOUT_DECIDER) stage.timeoutRejections = (stage.timeoutRejections ?? 0) + 1;
        }
        break;
      case 'questions.asked':
        if (stage) stage.questions = { status: 'asked', documentId: event.payload.documentId, name: event.payload.name, version: event.payload.version, questions: event.payload.questions, askedAt: at };
        break;
      case 'questions.answered':
        if (stage?.questions?.documentId === event.payload.documentId) stage.questions = { ...stage.questions, status: 'answered', answers: event.payload.answers, by: event.payload.by };
        break;
      case 'message.sent':
        if (stage) {
          const { to, toStage, document, documentId, version, content, round, forPerson } = event.payload;
          stage.messages = [...(stage.messages ?? []), { to, toStage, document, documentId, version, content, round, sentAt: at, ...(forPerson === true ? { forPerson: true } : {}) }];
        }
        break;
      case 'task.started':
        if (stage && event.taskId) {
          const checkpoint = task?.checkpoint ?? emptyCheckpoint();
          const started: TaskView = { id: event.taskId, title: event.payload.title, status: 'doing', attempts: event.payload.attempt, startedAt: at, checkpoint, ...(task?.review ? { review: task.review } : {}), ...(event.payload.roleName ? { roleName: event.payload.roleName } : {}) };
          // A restarted task moves to the end, where the live view shows what runs now.
          stage.tasks = [...stage.tasks.filter((t) => t.id !== event.taskId), started];
        }
        break;
      case 'task.finished':
      case 'task.failed':
        if (task) Object.assign(task, { status: event.type === 'task.finished' ? 'done' : 'failed', finishedAt: at });
        break;
      case 'task.implemented':
        if (task) {
          const p = event.payload;
          task.checkpoint.implemented = { files: p.files, refused: p.refused, notes: p.notes, commit: p.commit, usage: { inputTokens: p.tokens.inputTokens, outputTokens: p.tokens.outputTokens, cachedInputTokens: p.tokens.cachedInputTokens ?? 0 } };
          // A new implementation starts the review over.
          task.checkpoint.reviews.clear();
          task.checkpoint.revisions.clear();
        }
        break;
      case 'task.reviewed':
        if (task) {
          const p = event.payload;
          task.checkpoint.reviews.set(p.round, { round: p.round, verdict: p.verdict, documentId: p.documentId });
          task.review = { task_id: task.id, verdict: p.verdict === 'approve' ? 'approve' : 'request_changes', rounds: p.round, document: p.document };
        }
        break;
      case 'task.revised':
        task?.checkpoint.revisions.set(event.payload.round, event.payload.files);
        break;
      case 'llm.call.finished': {
        const p = event.payload;
        if (stage) {
          stage.tokens += p.usage.inputTokens + p.usage.outputTokens;
          stage.calls += 1;
          // The model that answered, which a gateway (or a backup) may make another than the one asked.
          const answeredBy = p.provider === 'replay' ? p.model : `${p.provider}:${p.model}`;
          if (!stage.answeredBy.includes(answeredBy)) stage.answeredBy.push(answeredBy);
        }
        if (typeof p.costUsd === 'string') this.cost += parseUsd(p.costUsd);
        else if (p.source === 'live') this.unpricedCalls += 1;
        break;
      }
      case 'llm.call.failed': {
        // A stream that broke after its usage arrived was billed: counted like an answer.
        const p = event.payload;
        if (stage && p.usage) stage.tokens += p.usage.inputTokens + p.usage.outputTokens;
        if (typeof p.costUsd === 'string') this.cost += parseUsd(p.costUsd);
        break;
      }
      case 'llm.model.selected':
        if (stage && event.payload.insteadOf) stage.model = event.payload.primary;
        break;
      case 'file.written':
        this.writes += 1;
        this.files.add(event.payload.path);
        if (stage && event.taskId) {
          stage.files.set(event.payload.path, { taskId: event.taskId, bytes: event.payload.bytes, ...(event.payload.sha256 !== undefined ? { sha256: event.payload.sha256 } : {}) });
          task?.checkpoint.writtenThisRun.add(event.payload.path);
        }
        break;
      case 'prompt.packed':
        this.packed.push({ stageId: event.stageId, taskId: event.taskId, label: event.payload.label, summary: event.payload.summary });
        break;
      case 'file.refused':
        this.refused.push(`${event.payload.path} (${event.payload.reason})`);
        break;
      case 'git.commit':
        this.commits.push({ sha: event.payload.sha, message: event.payload.message, author: event.payload.author });
        break;
      case 'sandbox.warning':
      case 'run.warning':
      case 'llm.budget.unpriced':
        this.warnings.push(event.payload.warning);
        break;
      case 'test.result':
        this.testStatus = event.payload.status;
        break;
      case 'fix.round.started':
        this.fixRounds = Math.max(this.fixRounds, event.payload.round);
        break;
      case 'fix.round.finished':
        if (stage) applyFixRound(stage.fixRounds, event.payload);
        break;
      case 'run.finished': {
        const tests = event.payload.tests;
        if (tests) this.tests = { testsPass: tests.testsPass === true, fixRounds: tests.fixRounds, summary: tests.summary ?? '' };
        break;
      }
      case 'run.stopped':
        this.stopped = event.payload.message;
        break;
    }
  }
}

function applyFixRound(earlier: EarlierFixRounds, payload: TypedEvent<'fix.round.finished'>['payload']): void {
  // Rounds count from one without gaps; one out of order was not checkpointed and is redone.
  if (payload.round !== earlier.rounds.length + 1) return;
  const { round, failing, cause, files, outcome, commit, result, failure, attempt } = payload;
  earlier.rounds.push({ round, failing, cause, files, outcome, ...(commit ? { commit } : {}) });
  if (result !== undefined) earlier.history.push({ round, cause, files, result });
  if (failure !== undefined && attempt !== undefined) earlier.tried.set(failure, (earlier.tried.get(failure) ?? new Set()).add(attempt));
}

/**
 * The event types that shape what `show` prints: each stage's status, model, answering models
 * and times, each task's status, the files written and the commits. Folding only these gives
 * the same stages, tasks, files and commits as folding the whole log (run-state.test.ts), so
 * `show` reads them alone, however long the log of retries, waits and pipeline steps is.
 */
export const SHOWN_EVENT_TYPES: readonly EventType[] = [
  'stage.started',
  'stage.finished',
  'stage.failed',
  'stage.parked',
  'approval.requested',
  'approval.granted',
  'approval.rejected',
  'questions.asked',
  'questions.answered',
  'message.sent',
  'task.started',
  'task.finished',
  'task.failed',
  'llm.call.finished',
  'llm.model.selected',
  'file.written',
  'git.commit',
  'prompt.packed',
];

/** The state a run's events describe, folded in log order. */
export function foldRunState(plan: RunPlan, events: readonly EventRecord[]): RunState {
  const state = new RunState(plan);
  for (const event of events) state.apply(event);
  return state;
}
