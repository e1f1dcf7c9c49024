import { redactSecrets } from '../observe/redact.js';
import { documentSchema, type TaskPlan, type TaskReviewSummary } from '../documents/index.js';
import { roleAuthor } from '../workspace/git-author.js';
import { implementTask } from '../roles/engineer-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { runDag } from './schedule-dag.js';
import { errorMessage, StageFailedError } from './errors.js';
import { findBudgetStop } from './run-stop.js';
import type { RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { emptyCheckpoint, readTaskCheckpoints } from './task-checkpoints.js';
import { reviewAndRevise } from './task-review.js';

export interface FanOutOptions {
  concurrency: number;
  /** Reviews each task as it is done; none when the workflow has no review stage for this code. */
  reviewer?: RoleSnapshot;
  maxReworks: number;
}

/**
 * The engineer stage: one job per task of the plan, each started as soon as the tasks it
 * depends on are done, each writing its files and committing them, then (when the workflow has a
 * reviewer) reviewed and revised. Task states are stored, so a resumed run skips finished tasks;
 * within a task, each finished sub-step (implementation, review round, revision) is an event, so
 * a resumed task continues after the last one. The stage's files and reviews are read back from
 * the event log too.
 */
export async function implementTaskPlan(ctx: StageContext, services: RunServices, options: FanOutOptions): Promise<unknown> {
  const planInput = ctx.inputs.find((input) => input.kind === 'task_plan');
  if (!planInput) throw new StageFailedError(ctx.stage.id, 'an engineer stage needs a task_plan among its inputs');
  const plan = documentSchema('task_plan').parse(planInput.content) as TaskPlan;
  const { store, events, commits } = services;
  const where = (taskId: string) => ({ stageId: ctx.stage.id, taskId });

  const known = new Map((await store.listTasks(ctx.runId, ctx.stage.id)).map((task) => [task.taskId, task]));
  for (const task of plan.tasks) {
    if (!known.has(task.id)) {
      await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'todo', attempts: 0, spec: task, error: null });
    }
  }

  const checkpoints = await readTaskCheckpoints(services, ctx.runId, ctx.stage.id);
  const author = roleAuthor(ctx.role.id, ctx.role.displayName);
  const { failures } = await runDag(
    plan.tasks.map((task) => ({ ...task, dependsOn: task.dependencies })),
    {
      concurrency: options.concurrency,
      isDone: (id) => known.get(id)?.status === 'done',
      run: async (task) => {
        const attempts = (known.get(task.id)?.attempts ?? 0) + 1;
        await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'doing', attempts, spec: task, error: null });
        await events.emit('task.started', { title: task.title, files: task.files, attempt: attempts }, where(task.id));
        try {
          const checkpoint = checkpoints.get(task.id) ?? emptyCheckpoint();
          let outcome = checkpoint.implemented;
          if (!outcome) {
            const change = await implementTask(ctx, plan, task, undefined, { writtenThisRun: checkpoint.writtenThisRun });
            const files = change.written.map((file) => file.path);
            const sha = await commits.commit({ message: `${task.id}: ${task.title}\n\n${change.notes}`.trim(), author, paths: files });
            if (sha) await events.emit('git.commit', { sha, message: `${task.id}: ${task.title}`, author: author.name, files }, where(task.id));
            outcome = { files, refused: change.refused.map((r) => r.path), notes: change.notes, commit: sha, usage: change.usage };
            await events.emit('task.implemented', { files, refused: outcome.refused, notes: change.notes, commit: sha, tokens: change.usage }, where(task.id));
          }
          let paths = outcome.files;
          let review: TaskReviewSummary | undefined;
          if (options.reviewer) {
            const { written, ...summary } = await reviewAndRevise({ ctx, services, plan, task, reviewer: options.reviewer, maxReworks: options.maxReworks, written: paths, checkpoint });
            paths = written;
            review = summary;
          }
          await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'done', attempts, spec: task, error: null });
          await events.emit('task.finished', { title: task.title, files: paths, refused: outcome.refused, tokens: outcome.usage, ...(review ? { review: review.verdict, reviewRounds: review.rounds } : {}) }, where(task.id));
        } catch (error) {
          await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'failed', attempts, spec: task, error: redactSecrets(errorMessage(error)) });
          await events.emit('task.failed', { title: task.title, error: errorMessage(error) }, where(task.id));
          throw error;
        }
      },
    },
  );
  if (failures.length > 0) {
    // The budget error itself goes up unwrapped, so the run stops (resumable) instead of failing.
    const budget = failures.map((f) => findBudgetStop(f.error)).find((e) => e !== undefined);
    if (budget) throw budget;
    throw new StageFailedError(ctx.stage.id, failures.map((f) => `task ${f.id}: ${errorMessage(f.error)}`).join('; '), failures.map((f) => f.error));
  }
  return sourceCodeDocument(ctx, services, plan);
}

/** The stage's document: every file its tasks wrote and each task's last review, as the event log recorded them. */
async function sourceCodeDocument(ctx: StageContext, services: RunServices, plan: TaskPlan): Promise<unknown> {
  await services.events.flush();
  const titles = new Map(plan.tasks.map((task) => [task.id, task.title]));
  const files = new Map<string, { path: string; task_id: string; bytes: number; description: string }>();
  const reviews = new Map<string, TaskReviewSummary>();
  for (const event of await services.store.listEvents(ctx.runId)) {
    if (event.stageId !== ctx.stage.id || !event.taskId) continue;
    if (event.type === 'file.written') {
      const path = String(event.payload.path);
      files.set(path, { path, task_id: event.taskId, bytes: Number(event.payload.bytes ?? 0), description: titles.get(event.taskId) ?? '' });
    } else if (event.type === 'task.reviewed') {
      const verdict = event.payload.verdict === 'approve' ? 'approve' : 'request_changes';
      reviews.set(event.taskId, { task_id: event.taskId, verdict, rounds: Number(event.payload.round ?? 1), document: String(event.payload.document) });
    }
  }
  const list = [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  const reviewed = plan.tasks.flatMap((task) => reviews.get(task.id) ?? []);
  const approved = reviewed.filter((r) => r.verdict === 'approve').length;
  return {
    summary: `${list.length} files written by ${plan.tasks.length} tasks.${reviewed.length > 0 ? ` The code reviewer approved ${approved} of ${reviewed.length} reviewed tasks.` : ''}`,
    files: list,
    ...(reviewed.length > 0 ? { reviews: reviewed } : {}),
  };
}
