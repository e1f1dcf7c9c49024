import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldRunState, SHOWN_EVENT_TYPES } from '../../src/engine/run-state.js';
import { readRunPlan } from '../../src/engine/run-plan.js';
import { sqliteStoreProvider } from '../../src/store/index.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

/** What a long run piles up that `show` does not print: waits, retries, pipeline steps, warnings. */
const FILLER = ['llm.rate_limited', 'llm.retry', 'pipeline.step', 'llm.call.started', 'run.warning'] as const;

/** What `show` prints of each stage and task. */
function printed(state: ReturnType<typeof foldRunState>) {
  return [...state.stages.values()].map(({ id, roleId, status, model, answeredBy, startedAt, finishedAt, error, parkedFor, tasks }) => ({
    ...{ id, roleId, status, model, answeredBy, startedAt, finishedAt, error, parkedFor },
    tasks: tasks.map(({ id: taskId, title, status: taskStatus, attempts }) => ({ taskId, title, taskStatus, attempts })),
  }));
}

describe('atelier show on a run with a long event log', () => {
  it('prints the same stages, tasks, files and commits after thousands of events it does not show', async () => {
    const cwd = tempDir('atelier-show-long-');
    const env = cleanEnv();
    const projectDir = join(cwd, 'demo');
    const demo = await runCli(['demo', '--project', projectDir, '--json'], { cwd, env });
    expect(demo.code, demo.stderr).toBe(0);
    const runId = (await runCli(['runs', '--json', '--project', projectDir], { cwd, env })).stdout.match(/"id": "(r-[0-9a-f]+)"/)?.[1];
    expect(runId).toBeDefined();

    const before = await runCli(['show', runId!, '--project', projectDir, '--json'], { cwd, env });
    expect(before.code, before.stderr).toBe(0);
    const shownBefore = JSON.parse(before.stdout) as Record<string, unknown>;

    const store = await sqliteStoreProvider({ dataDir: join(cwd, 'data') }).openProjectStore(projectDir);
    try {
      // Folding only the shown types gives what folding the whole log gives, on a real run's log.
      const run = (await store.getRun(runId!))!;
      const plan = readRunPlan(run.plan);
      const whole = foldRunState(plan, await store.listEvents(runId!));
      const shown = foldRunState(plan, await store.listEvents(runId!, undefined, SHOWN_EVENT_TYPES));
      expect(printed(shown)).toEqual(printed(whole));
      expect(shown.files).toEqual(whole.files);
      expect(shown.commits).toEqual(whole.commits);
      expect(whole.files.size).toBeGreaterThan(3);

      for (let i = 0; i < 3000; i++) {
        const type = FILLER[i % FILLER.length]!;
        await store.appendEvent({ runId: runId!, type, stageId: 'write_prd', payload: { attempt: i, warning: `filler ${i}`, step: 'tests', waitMs: 5 } });
      }
    } finally {
      await store.close();
    }

    const after = await runCli(['show', runId!, '--project', projectDir, '--json'], { cwd, env });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(shownBefore);
    const text = await runCli(['show', runId!, '--project', projectDir], { cwd, env });
    expect(text.stdout).toContain('files (');
    expect(text.stdout).not.toContain('filler');
  });
});
