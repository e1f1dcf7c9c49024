import { documentSchema, type TaskPlan, type TaskReviewSummary } from '../documents/index.js';
import { roleAuthor } from '../workspace/git-author.js';
import { implementTask } from '../roles/engineer-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { runDag } from './schedule-dag.js';
import { errorMessage, StageFailedError } from './errors.js';
import { findBudgetStop } from './run-stop.js';
import type { RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { acquireRunLease, taskLeaseName } from './run-lease.js';
import { taskFailed, taskFinished, taskPlanned, taskStarted } from './progress.js';
import { emptyCheckpoint } from './task-checkpoints.js';
import { reviewAndRevise } from './task-review.js';
import { plural } from '../observe/plural.js';

export interface FanOutOptions {
  concurrency: number;
  /** Reviews each task as it is done; none when the workflow has no review stage for this code. */
  reviewer?: RoleSnapshot;
  maxReworks: number;
  /** The role that implements a task: a specialist for its type, else the stage's role (the default). */
  implementer?: (task: TaskPlan['tasks'][number]) => RoleSnapshot | undefined;
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
  const { events, workspace } = services;

  const state = services.state;
  for (const task of plan.tasks) {
    if (!state.task(ctx.stage.id, task.id)) await taskPlanned(services, { runId: ctx.runId, stageId: ctx.stage.id, task });
  }

  const { failures } = await runDag(
    // A task's files are the best estimate of its work the plan holds: a model writes each one.
    plan.tasks.map((task) => ({ ...task, dependsOn: task.dependencies, estimate: task.files.length })),
    {
      concurrency: options.concurrency,
      isDone: (id) => state.task(ctx.stage.id, id)?.status === 'done',
      run: async (task) => {
        const where = { runId: ctx.runId, stageId: ctx.stage.id, task };
        const at = { stageId: ctx.stage.id, taskId: task.id };
        // A job of its own: another worker may hold another task of this run at the same time, never this one.
        const lease = await acquireRunLease(services.store, taskLeaseName(ctx.runId, ctx.stage.id, task.id), {
          purpose: `task ${task.id}`,
          ...(services.leaseTtlMs !== undefined ? { ttlMs: services.leaseTtlMs } : {}),
        });
        // A specialist writes, commits and revises the task as the stage's engineer would.
        const role = options.implementer?.(task) ?? ctx.role;
        const taskCtx: StageContext = role.id === ctx.role.id ? ctx : { ...ctx, role };
        const author = roleAuthor(role.id, role.displayName);
        const attempt = (state.task(ctx.stage.id, task.id)?.attempts ?? 0) + 1;
        await taskStarted(services, where, attempt, role.id === ctx.role.id ? undefined : role);
        try {
          const checkpoint = state.task(ctx.stage.id, task.id)?.checkpoint ?? emptyCheckpoint();
          let outcome = checkpoint.implemented;
          if (!outcome) {
            const change = await implementTask(taskCtx, plan, task, undefined, { writtenThisRun: checkpoint.writtenThisRun });
            const files = change.written.map((file) => file.path);
            const sha = await workspace.commit({ message: `${task.id}: ${task.title}\n\n${change.notes}`.trim(), author, paths: files });
            if (sha) await events.emit('git.commit', { sha, message: `${task.id}: ${task.title}`, author: author.name, files }, at);
            outcome = { files, refused: change.refused.map((r) => r.path), notes: change.notes, commit: sha, usage: change.usage };
            await events.emit('task.implemented', { files, refused: outcome.refused, notes: change.notes, commit: sha, tokens: outcome.usage }, at);
          }
          let paths = outcome.files;
          let review: TaskReviewSummary | undefined;
          if (options.reviewer) {
            const { written, ...summary } = await reviewAndRevise({ ctx: taskCtx, services, plan, task, reviewer: options.reviewer, maxReworks: options.maxReworks, written: paths, checkpoint });
            paths = written;
            review = summary;
          }
          await taskFinished(services, where, attempt, { title: task.title, files: paths, refused: outcome.refused, tokens: outcome.usage, ...(review ? { review: review.verdict, reviewRounds: review.rounds } : {}) });
        } catch (error) {
          await taskFailed(services, where, attempt, error);
          throw error;
        } finally {
          await lease.release();
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
  const stage = services.state.stages.get(ctx.stage.id);
  const titles = new Map(plan.tasks.map((task) => [task.id, task.title]));
  const list = [...(stage?.files ?? new Map<string, { taskId: string; bytes: number; sha256?: string }>())]
    .map(([path, file]) => ({ path, task_id: file.taskId, bytes: file.bytes, ...(file.sha256 !== undefined ? { sha256: file.sha256 } : {}), description: titles.get(file.taskId) ?? '' }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const reviewed = plan.tasks.flatMap((task) => services.state.task(ctx.stage.id, task.id)?.review ?? []);
  const approved = reviewed.filter((r) => r.verdict === 'approve').length;
  return {
    summary: `${plural(list.length, 'file')} written by ${plural(plan.tasks.length, 'task')}.${reviewed.length > 0 ? ` The code reviewer approved ${approved} of ${plural(reviewed.length, 'reviewed task')}.` : ''}`,
    files: list,
    ...(reviewed.length > 0 ? { reviews: reviewed } : {}),
  };
}
