import { describe, expect, it } from 'vitest';
import { buggyStore, fixingEngineer, repairEdit } from '../support/scenarios/buggy-todo-cli.js';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { showRun } from './e2e-helpers.js';

describe('the fix loop (atelier run against the fake server)', () => {
  it('turns failing tests into a fix round that repairs the bug, and the report says the tests pass', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario(fixingEngineer);
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);

    // QA wrote its acceptance tests before validating, and they are committed as QA.
    expect(run.asked).toContain('test_plan');
    expect(run.read('test/acceptance.test.js')).toContain("test('story: list shows the open todos");
    expect(run.gitLog).toContainEqual({ author: 'QA Engineer (Atelier)', subject: 'QA: acceptance tests for 6 user stories' });

    // The first validation fails on the bug; one fix round repairs it; the second validation passes.
    const results = run.events.filter((e) => e.type === 'test.result').map((e) => [e.payload.round, e.payload.status, e.payload.testsPass]);
    expect(results).toEqual([
      [0, 'fail', false],
      [1, 'pass', true],
    ]);
    const first = run.events.find((e) => e.type === 'test.result')!.payload;
    expect(first.failed).toBeGreaterThanOrEqual(5);
    const started = run.events.find((e) => e.type === 'fix.round.started')!;
    expect(started.payload).toMatchObject({ round: 1, maxRounds: 3, failing: ['test'] });
    // The analysis points the engineer at the file that holds the bug.
    expect(started.payload.suspects).toContain('src/todo-store.js');
    const finished = run.events.find((e) => e.type === 'fix.round.finished')!;
    expect(finished.payload).toMatchObject({ round: 1, outcome: 'passing', files: ['src/todo-store.js'], status: 'pass', testsPass: true });
    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual(['fix:1']);

    // The fix is a strict edit of the one line, committed by the engineer as its own round.
    expect(buggyStore).toContain(repairEdit.search);
    expect(run.read('src/todo-store.js')).toContain(repairEdit.replace);
    expect(run.read('src/todo-store.js')).not.toContain(repairEdit.search);
    expect(run.gitLog.find((c) => c.subject.startsWith('Fix round 1: '))?.author).toBe('Software Engineer (Atelier)');

    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's own tests **pass**.");
    expect(report).toContain('Reached after 1 fix round.');
    expect(report).toMatch(/\| 1 \| test \| src\/todo-store\.js: list\(\) filters .* \| `src\/todo-store\.js` \| passing afterwards \| `[0-9a-f]{7}` \|/);
    expect(report).toMatch(/\| test \| passed \| `node --test --experimental-test-coverage` \| 0 \|/);
    expect(report).toMatch(/\| smoke \| passed \| `node src\/cli\.js list` \| 0 \|/);
    expect(report).toMatch(/Line coverage: \d+(\.\d+)?%/);

    const finishedRun = run.events.find((e) => e.type === 'run.finished')!;
    expect(finishedRun.payload.tests).toMatchObject({ status: 'pass', testsPass: true, fixRounds: 1 });
    const shown = await showRun(run.runId, run.cwd, run.env, 'todo');
    expect(shown.run.status).toBe('succeeded');
  });
});
