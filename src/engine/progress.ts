import { redactSecrets } from '../observe/redact.js';
import type { TaskPlan } from '../documents/index.js';
import type { EventPayload } from '../store/event-schemas.js';
import type { StageRecord } from '../store/store.js';
import { errorMessage } from './errors.js';
import type { RunServices } from './run-services.js';

/*
 * The one place a stage's or a task's status changes. Each change is an event (the record
 * resume and every view read, through the fold in run-state.ts) and, in the same step, the row
 * of the stages or tasks table, which is only a queryable copy of what the events say.
 */

type Services = Pick<RunServices, 'store' | 'events'>;
type PlannedTask = TaskPlan['tasks'][number];

export interface StageStart {
  runId: string;
  stageId: string;
  role: string;
  model: string;
  startedAt: string;
}

function stageRow(start: StageStart, status: StageRecord['status'], error: string | null, finished: boolean): StageRecord {
  return { runId: start.runId, stageId: start.stageId, role: start.role, status, model: start.model, startedAt: start.startedAt, finishedAt: finished ? new Date().toISOString() : null, error };
}

export async function stageStarted(services: Services, start: StageStart, payload: EventPayload<'stage.started'>): Promise<void> {
  await services.store.upsertStage(stageRow(start, 'running', null, false));
  await services.events.emit('stage.started', payload, { stageId: start.stageId });
}

export async function stageFinished(services: Services, start: StageStart, payload: EventPayload<'stage.finished'>): Promise<void> {
  await services.store.upsertStage(stageRow(start, 'done', null, true));
  await services.events.emit('stage.finished', payload, { stageId: start.stageId });
}

export async function stageFailed(services: Services, start: StageStart, error: unknown): Promise<void> {
  const message = redactSecrets(errorMessage(error));
  await services.store.upsertStage(stageRow(start, 'failed', message, true));
  await services.events.emit('stage.failed', { error: message }, { stageId: start.stageId });
}

/** The stage waits for something outside the run: it holds no process and is neither done nor failed. */
export async function stageParked(services: Services, start: StageStart, reason: string): Promise<void> {
  await services.store.upsertStage(stageRow(start, 'pending', null, false));
  await services.events.emit('stage.parked', { reason }, { stageId: start.stageId });
}

export interface TaskWhere {
  runId: string;
  stageId: string;
  task: PlannedTask;
}

/** A task of the plan is known to the run before it starts (so `show` lists the whole plan). */
export async function taskPlanned(services: Services, where: TaskWhere): Promise<void> {
  const { runId, stageId, task } = where;
  await services.store.upsertTask({ runId, stageId, taskId: task.id, title: task.title, status: 'todo', attempts: 0, spec: task, error: null });
}

/** `specialist`: the role that does the task when it is not the stage's own (a task routed by its type). */
export async function taskStarted(services: Services, where: TaskWhere, attempt: number, specialist?: { id: string; displayName: string }): Promise<void> {
  const { runId, stageId, task } = where;
  await services.store.upsertTask({ runId, stageId, taskId: task.id, title: task.title, status: 'doing', attempts: attempt, spec: task, error: null });
  const by = specialist ? { role: specialist.id, roleName: specialist.displayName } : {};
  await services.events.emit('task.started', { title: task.title, files: task.files, attempt, ...by }, { stageId, taskId: task.id });
}

export async function taskFinished(services: Services, where: TaskWhere, attempt: number, payload: EventPayload<'task.finished'>): Promise<void> {
  const { runId, stageId, task } = where;
  await services.store.upsertTask({ runId, stageId, taskId: task.id, title: task.title, status: 'done', attempts: attempt, spec: task, error: null });
  await services.events.emit('task.finished', payload, { stageId, taskId: task.id });
}

export async function taskFailed(services: Services, where: TaskWhere, attempt: number, error: unknown): Promise<void> {
  const { runId, stageId, task } = where;
  await services.store.upsertTask({ runId, stageId, taskId: task.id, title: task.title, status: 'failed', attempts: attempt, spec: task, error: redactSecrets(errorMessage(error)) });
  await services.events.emit('task.failed', { title: task.title, error: errorMessage(error) }, { stageId, taskId: task.id });
}
