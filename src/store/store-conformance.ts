import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLeaseConformance } from './store-conformance-leases.js';
import { describeRecordConformance, expectIsoTimestamp, isStoreError } from './store-conformance-records.js';
import type { Store } from './store.js';
import { StoreError } from './store-error.js';

/**
 * The behaviour every `Store` backend must show. A backend's test file calls this once per
 * way of opening it; `makeStore` must return a fresh, empty store each time.
 */
export function describeStoreConformance(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
      await store.upsertProject({ id: 'p1', name: 'Reading list', root: '/work/reading-list' });
      await store.createRun({
        id: 'r1',
        projectId: 'p1',
        idea: 'a CLI that tracks my reading list',
        workflowId: 'software-company',
        status: 'pending',
        plan: { stages: ['prd', 'design'] },
        error: null,
      });
    });
    afterEach(async () => {
      await store.close();
    });

    const newRun = (id: string, projectId = 'p1') =>
      store.createRun({ id, projectId, idea: 'idea', workflowId: 'wf', status: 'pending', plan: {}, error: null });

    describe('projects', () => {
      it('creates a project, reads it back and updates it in place keeping createdAt', async () => {
        const created = await store.upsertProject({ id: 'p2', name: 'Todo', root: '/a' });
        expect(created).toMatchObject({ id: 'p2', name: 'Todo', root: '/a' });
        expectIsoTimestamp(created.createdAt);
        expect(await store.getProject('p2')).toEqual(created);

        const updated = await store.upsertProject({ id: 'p2', name: 'Todo app', root: '/b' });
        expect(updated).toEqual({ ...created, name: 'Todo app', root: '/b' });
        expect(await store.getProject('p2')).toEqual(updated);
      });

      it('returns undefined for an unknown project', async () => {
        expect(await store.getProject('nope')).toBeUndefined();
      });
    });

    describe('runs', () => {
      it('creates a run and reads it back with its plan', async () => {
        const run = await store.getRun('r1');
        expect(run).toMatchObject({
          id: 'r1',
          projectId: 'p1',
          idea: 'a CLI that tracks my reading list',
          workflowId: 'software-company',
          status: 'pending',
          plan: { stages: ['prd', 'design'] },
          error: null,
        });
        expectIsoTimestamp(run?.createdAt);
        expect(run?.updatedAt).toBe(run?.createdAt);
        expect(await store.getRun('nope')).toBeUndefined();
      });

      it('refuses a second run with the same id, and a run of an unknown project', async () => {
        await expect(newRun('r1')).rejects.toSatisfy(isStoreError);
        await expect(newRun('r9', 'no-such-project')).rejects.toSatisfy(isStoreError);
        expect(await store.getRun('r9')).toBeUndefined();
      });

      it('lists runs newest first, even when ids sort the other way and times tie', async () => {
        await store.upsertProject({ id: 'p2', name: 'Other', root: '/o' });
        await newRun('z-run');
        await newRun('m-run', 'p2');
        await newRun('a-run');
        expect((await store.listRuns()).map((run) => run.id)).toEqual(['a-run', 'm-run', 'z-run', 'r1']);
        expect((await store.listRuns('p1')).map((run) => run.id)).toEqual(['a-run', 'z-run', 'r1']);
        expect(await store.listRuns('p3')).toEqual([]);
      });

      it('updates only the fields given and moves updatedAt forward', async () => {
        const before = await store.getRun('r1');
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.updateRun('r1', { status: 'failed', error: 'budget reached' });
        const failed = await store.getRun('r1');
        expect(failed).toMatchObject({ status: 'failed', error: 'budget reached', plan: { stages: ['prd', 'design'] } });
        expect(failed?.createdAt).toBe(before?.createdAt);
        expect(Date.parse(failed?.updatedAt ?? '')).toBeGreaterThan(Date.parse(before?.updatedAt ?? ''));

        await store.updateRun('r1', { status: 'running', error: null, plan: { stages: ['prd'] } });
        expect(await store.getRun('r1')).toMatchObject({ status: 'running', error: null, plan: { stages: ['prd'] } });
      });

      it('refuses to update a run that does not exist', async () => {
        await expect(store.updateRun('nope', { status: 'running' })).rejects.toThrow(/nope/);
      });
    });

    describe('stages', () => {
      const stage = { runId: 'r1', role: 'architect', model: null, startedAt: null, finishedAt: null, error: null };

      it('inserts, then updates in place, listing stages in the order first saved', async () => {
        await store.upsertStage({ ...stage, stageId: 'write_prd', status: 'running' });
        await store.upsertStage({ ...stage, stageId: 'design', status: 'pending' });
        await store.upsertStage({
          ...stage,
          stageId: 'write_prd',
          status: 'done',
          model: 'openai/gpt-4o',
          startedAt: '2025-01-01T10:00:00.000Z',
          finishedAt: '2025-01-01T10:01:00.000Z',
        });
        expect(await store.listStages('r1')).toEqual([
          {
            ...stage,
            stageId: 'write_prd',
            status: 'done',
            model: 'openai/gpt-4o',
            startedAt: '2025-01-01T10:00:00.000Z',
            finishedAt: '2025-01-01T10:01:00.000Z',
          },
          { ...stage, stageId: 'design', status: 'pending' },
        ]);
      });

      it('keeps the stages of different runs apart', async () => {
        await newRun('r2');
        await store.upsertStage({ ...stage, stageId: 'write_prd', status: 'done' });
        await store.upsertStage({ ...stage, runId: 'r2', stageId: 'write_prd', status: 'failed', error: 'boom' });
        expect((await store.listStages('r1')).map((s) => s.status)).toEqual(['done']);
        expect((await store.listStages('r2')).map((s) => s.error)).toEqual(['boom']);
        expect(await store.listStages('r3')).toEqual([]);
      });
    });

    describe('tasks', () => {
      const task = { runId: 'r1', stageId: 'implement', title: 'Add the CLI', error: null };

      it('inserts, then updates in place, filtering by stage', async () => {
        await store.upsertTask({ ...task, taskId: 'T1', status: 'todo', attempts: 0, spec: { files: ['src/cli.ts'] } });
        await store.upsertTask({ ...task, taskId: 'T2', status: 'todo', attempts: 0, spec: { files: [] } });
        await store.upsertTask({ ...task, stageId: 'fix', taskId: 'T1', status: 'todo', attempts: 0, spec: null });
        await store.upsertTask({
          ...task,
          taskId: 'T1',
          status: 'failed',
          attempts: 2,
          spec: { files: ['src/cli.ts', 'src/db.ts'] },
          error: 'tests failed',
        });

        const all = await store.listTasks('r1');
        expect(all.map((t) => `${t.stageId}/${t.taskId}`)).toEqual(['implement/T1', 'implement/T2', 'fix/T1']);
        expect(all[0]).toMatchObject({ status: 'failed', attempts: 2, error: 'tests failed', title: 'Add the CLI' });
        expect(all[0]?.spec).toEqual({ files: ['src/cli.ts', 'src/db.ts'] });
        expectIsoTimestamp(all[0]?.updatedAt);
        expect((await store.listTasks('r1', 'fix')).map((t) => t.taskId)).toEqual(['T1']);
        expect(await store.listTasks('r1', 'none')).toEqual([]);
      });
    });

    describeRecordConformance(() => store, newRun);
    describeLeaseConformance(() => store);

    describe('close', () => {
      it('closes once, tolerates a second close, and refuses work afterwards with a StoreError', async () => {
        await store.close();
        await store.close();
        const error: unknown = await store.getRun('r1').catch((caught: unknown) => caught);
        expect(StoreError.isInstance(error)).toBe(true);
        expect(String(error)).toMatch(/closed/);
      });
    });
  });
}
