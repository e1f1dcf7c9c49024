import { documentSchema, type TaskPlan } from '../documents/index.js';
import { roleAuthor } from '../workspace/git-author.js';
import { implementTask } from '../roles/engineer-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { runDag } from './schedule-dag.js';
import { errorMessage, StageFailedError } from './errors.js';
import type { RunServices } from './run-services.js';

/**
 * The engineer stage: one job per task of the plan, each started as soon as the tasks it
 * depends on are done, each writing its files and committing them. Task states are stored, so
 * a resumed run skips finished tasks; the files a stage wrote are read back from the event log.
 */
export async function implementTaskPlan(ctx: StageContext, services: RunServices, concurrency: number): Promise<unknown> {
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

  const author = roleAuthor(ctx.role.id, ctx.role.displayName);
  const { failures } = await runDag(
    plan.tasks.map((task) => ({ ...task, dependsOn: task.dependencies })),
    {
      concurrency,
      isDone: (id) => known.get(id)?.status === 'done',
      run: async (task) => {
        const attempts = (known.get(task.id)?.attempts ?? 0) + 1;
        await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'doing', attempts, spec: task, error: null });
        await events.emit('task.started', { title: task.title, files: task.files, attempt: attempts }, where(task.id));
        try {
          const outcome = await implementTask(ctx, plan, task);
          const paths = outcome.written.map((file) => file.path);
          const sha = await commits.commit({ message: `${task.id}: ${task.title}\n\n${outcome.notes}`.trim(), author, paths });
          if (sha) await events.emit('git.commit', { sha, message: `${task.id}: ${task.title}`, author: author.name, files: paths }, where(task.id));
          await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'done', attempts, spec: task, error: null });
          await events.emit('task.finished', { title: task.title, files: paths, refused: outcome.refused.map((r) => r.path), tokens: outcome.usage }, where(task.id));
        } catch (error) {
          await store.upsertTask({ runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, title: task.title, status: 'failed', attempts, spec: task, error: errorMessage(error) });
          await events.emit('task.failed', { title: task.title, error: errorMessage(error) }, where(task.id));
          throw error;
        }
      },
    },
  );
  if (failures.length > 0) {
    throw new StageFailedError(ctx.stage.id, failures.map((f) => `task ${f.id}: ${errorMessage(f.error)}`).join('; '));
  }
  return sourceCodeDocument(ctx, services, plan);
}

/** The stage's document: every file its tasks wrote, as recorded by `file.written` events. */
async function sourceCodeDocument(ctx: StageContext, services: RunServices, plan: TaskPlan): Promise<unknown> {
  await services.events.flush();
  const titles = new Map(plan.tasks.map((task) => [task.id, task.title]));
  const files = new Map<string, { path: string; task_id: string; bytes: number; description: string }>();
  for (const event of await services.store.listEvents(ctx.runId)) {
    if (event.type !== 'file.written' || event.stageId !== ctx.stage.id || !event.taskId) continue;
    const path = String(event.payload.path);
    files.set(path, { path, task_id: event.taskId, bytes: Number(event.payload.bytes ?? 0), description: titles.get(event.taskId) ?? '' });
  }
  const list = [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  return {
    summary: `${list.length} files written by ${plan.tasks.length} tasks.`,
    files: list,
  };
}
