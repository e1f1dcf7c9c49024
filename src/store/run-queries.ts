import { toJsonText } from './json-column.js';
import { nextOrdinalInRun, type QueryContext } from './query-context.js';
import { projectFromRow, runFromRow, stageFromRow, taskFromRow } from './row-mappers.js';
import type { Store } from './store.js';
import { StoreError } from './store-error.js';

type RunQueries = Pick<
  Store,
  | 'upsertProject'
  | 'getProject'
  | 'createRun'
  | 'getRun'
  | 'listRuns'
  | 'updateRun'
  | 'upsertStage'
  | 'listStages'
  | 'upsertTask'
  | 'listTasks'
>;

/** Projects, runs and the progress of their stages and tasks. */
export function runQueries({ db, guard, now }: QueryContext): RunQueries {
  return {
    upsertProject: (project) =>
      guard(`save project ${project.id}`, async () => {
        const row = await db
          .insertInto('projects')
          .values({ id: project.id, name: project.name, root: project.root, created_at: now() })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), root: eb.ref('excluded.root') })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return projectFromRow(row);
      }),

    getProject: (id) =>
      guard(`read project ${id}`, async () => {
        const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
        return row && projectFromRow(row);
      }),

    createRun: (run) =>
      guard(`create run ${run.id}`, async () => {
        const at = now();
        const row = await db
          .insertInto('runs')
          .values({
            id: run.id,
            // Position among all runs, so "newest first" holds even within one millisecond.
            ordinal: (eb) =>
              eb.selectFrom('runs').select((sub) => sub(sub.fn.coalesce(sub.fn.max('ordinal'), sub.lit(0)), '+', 1).as('next')),
            project_id: run.projectId,
            idea: run.idea,
            workflow_id: run.workflowId,
            status: run.status,
            plan_json: toJsonText(run.plan, `the plan of run ${run.id}`),
            error: run.error,
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return runFromRow(row);
      }),

    getRun: (id) =>
      guard(`read run ${id}`, async () => {
        const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
        return row && runFromRow(row);
      }),

    listRuns: (projectId) =>
      guard(projectId === undefined ? 'list runs' : `list the runs of project ${projectId}`, async () => {
        let query = db.selectFrom('runs').selectAll();
        if (projectId !== undefined) query = query.where('project_id', '=', projectId);
        const rows = await query.orderBy('ordinal', 'desc').execute();
        return rows.map(runFromRow);
      }),

    updateRun: (id, patch) =>
      guard(`update run ${id}`, async () => {
        const result = await db
          .updateTable('runs')
          .set({
            updated_at: now(),
            ...(patch.status !== undefined && { status: patch.status }),
            ...(patch.error !== undefined && { error: patch.error }),
            ...(patch.plan !== undefined && { plan_json: toJsonText(patch.plan, `the plan of run ${id}`) }),
          })
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new StoreError(`could not update run ${id}`, 'there is no such run');
      }),

    upsertStage: (stage) =>
      guard(`save stage ${stage.stageId} of run ${stage.runId}`, async () => {
        await db
          .insertInto('stages')
          .values({
            run_id: stage.runId,
            stage_id: stage.stageId,
            ordinal: nextOrdinalInRun('stages', stage.runId),
            role: stage.role,
            status: stage.status,
            model: stage.model,
            started_at: stage.startedAt,
            finished_at: stage.finishedAt,
            error: stage.error,
          })
          .onConflict((oc) =>
            oc.columns(['run_id', 'stage_id']).doUpdateSet((eb) => ({
              role: eb.ref('excluded.role'),
              status: eb.ref('excluded.status'),
              model: eb.ref('excluded.model'),
              started_at: eb.ref('excluded.started_at'),
              finished_at: eb.ref('excluded.finished_at'),
              error: eb.ref('excluded.error'),
            })),
          )
          .execute();
      }),

    listStages: (runId) =>
      guard(`list the stages of run ${runId}`, async () => {
        const rows = await db.selectFrom('stages').selectAll().where('run_id', '=', runId).orderBy('ordinal').execute();
        return rows.map(stageFromRow);
      }),

    upsertTask: (task) =>
      guard(`save task ${task.taskId} of stage ${task.stageId} in run ${task.runId}`, async () => {
        await db
          .insertInto('tasks')
          .values({
            run_id: task.runId,
            stage_id: task.stageId,
            task_id: task.taskId,
            ordinal: nextOrdinalInRun('tasks', task.runId),
            title: task.title,
            status: task.status,
            attempts: task.attempts,
            spec_json: toJsonText(task.spec, `the spec of task ${task.taskId}`),
            error: task.error,
            updated_at: now(),
          })
          .onConflict((oc) =>
            oc.columns(['run_id', 'stage_id', 'task_id']).doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              status: eb.ref('excluded.status'),
              attempts: eb.ref('excluded.attempts'),
              spec_json: eb.ref('excluded.spec_json'),
              error: eb.ref('excluded.error'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }),

    listTasks: (runId, stageId) =>
      guard(`list the tasks of run ${runId}`, async () => {
        let query = db.selectFrom('tasks').selectAll().where('run_id', '=', runId);
        if (stageId !== undefined) query = query.where('stage_id', '=', stageId);
        const rows = await query.orderBy('ordinal').execute();
        return rows.map(taskFromRow);
      }),
  };
}
