import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXPENSE_STORE, floatBuggyStore, floatFixingEngineer, floatRepairEdit, pickyExpenseReviewer, reviewThatCatchesTheFloat } from '../support/scenarios/expense-tracker-bugs.js';
import { expenseTrackerScenario } from '../support/scenarios/expense-tracker.js';
import { runScenario } from '../support/scenarios/run-scenario.js';
import { showRun } from './e2e-helpers.js';

describe('a Python project (atelier run against the fake server)', () => {
  it('validates the pytest project in the sandbox, fixes the float bug in one round, and the report says what passed', { timeout: 240_000 }, async () => {
    const run = await runScenario(expenseTrackerScenario, floatFixingEngineer);
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);

    // The engineers wrote a pyproject.toml package; QA added its pytest acceptance tests, committed as QA.
    expect(run.read('pyproject.toml')).toContain('expenses = "expenses.cli:main"');
    expect(run.read('tests/test_acceptance.py')).toContain('def test_story_totals_are_exact_to_the_cent_overall_and_by_category(');
    expect(run.gitLog).toContainEqual({ author: 'QA Engineer (Atelier)', subject: 'QA: acceptance tests for 5 user stories' });

    // The first validation fails on the float bug; one fix round repairs it; the second validation passes.
    const results = run.events.filter((e) => e.type === 'test.result').map((e) => [e.payload.round, e.payload.status, e.payload.testsPass, e.payload.command]);
    expect(results).toEqual([
      [0, 'fail', false, 'python3 -m pytest -q -rA'],
      [1, 'pass', true, 'python3 -m pytest -q -rA'],
    ]);
    const [first, second] = run.events.filter((e) => e.type === 'test.result').map((e) => e.payload);
    expect(first).toMatchObject({ failed: 7, passed: 34 });
    expect(second).toMatchObject({ failed: 0, passed: 41 });
    const started = run.events.find((e) => e.type === 'fix.round.started')!;
    expect(started.payload).toMatchObject({ round: 1, maxRounds: 3, failing: ['test'] });
    // pytest's output names only the test files; the analysis follows their imports to the store.
    expect(started.payload.suspects).toContain(EXPENSE_STORE);
    const finished = run.events.find((e) => e.type === 'fix.round.finished')!;
    expect(finished.payload).toMatchObject({ round: 1, outcome: 'passing', files: [EXPENSE_STORE], status: 'pass', testsPass: true });
    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual(['fix:1']);

    // The fix is the one-line edit, committed by the engineer as its own round.
    expect(floatBuggyStore).toContain(floatRepairEdit.search);
    expect(run.read(EXPENSE_STORE)).toContain(floatRepairEdit.replace);
    expect(run.read(EXPENSE_STORE)).not.toContain(floatRepairEdit.search);
    expect(run.gitLog.find((c) => c.subject.startsWith('Fix round 1: '))?.author).toBe('Software Engineer (Atelier)');

    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's own tests **pass**.");
    expect(report).toContain("The project's tests pass: `python3 -m pytest -q -rA` exited 0 (41 passed, 0 failed).");
    expect(report).toContain('Reached after 1 fix round.');
    expect(report).toMatch(/\| 1 \| test \| expenses\/store\.py: parse_amount converts .* \| `expenses\/store\.py` \| passing afterwards \| `[0-9a-f]{7}` \|/);
    expect(report).toMatch(/\| install \| skipped \| +\| +\| +\| the project declares no dependencies \|/);
    expect(report).toMatch(/\| syntax \| passed \| `python3 compile\(\) of each of 7 \.py file\(s\), as py_compile does` \| 0 \|/);
    expect(report).toMatch(/\| lint \| skipped \| +\| +\| +\| no linter configured \(ruff or flake8\) \|/);
    expect(report).toMatch(/\| test \| passed \| `python3 -m pytest -q -rA` \| 0 \|/);
    expect(report).toMatch(/\| smoke \| passed \| `python3 -m expenses list` \| 0 \| [\d.]+ s \| ran and exited 0 \|/);
    expect(report).not.toContain('Line coverage');
    expect(report).toContain('Sandbox: bubblewrap');
    // QA's tests spawn the real command, as its prompt asks: a warning, not a failure.
    expect(report).toContain('1 finding(s) in 9 files scanned.');
    expect(report).toMatch(/\| medium \| `tests\/test_acceptance\.py:\d+` \| child-process \|/);

    // Neither bytecode nor pytest's cache reached the repository; the smoke run left no expenses.csv.
    const tracked = execFileSync('git', ['ls-files'], { cwd: run.project, encoding: 'utf8' }).trim().split('\n');
    expect(tracked.filter((path) => !path.startsWith('docs/')).sort()).toEqual(['.gitignore', ...expenseTrackerScenario.documents.system_design.file_list, 'tests/test_acceptance.py'].sort());
    expect(run.read('.gitignore')).toContain('__pycache__/');

    const finishedRun = run.events.find((e) => e.type === 'run.finished')!;
    expect(finishedRun.payload.tests).toMatchObject({ status: 'pass', testsPass: true, fixRounds: 1 });
    const shown = await showRun(run.runId, run.cwd, run.env, expenseTrackerScenario.name);
    expect(shown.run.status).toBe('succeeded');
  });

  it('sends T2 back when the reviewer finds the float, and the revised project passes QA the first time', { timeout: 240_000 }, async () => {
    const run = await runScenario(expenseTrackerScenario, pickyExpenseReviewer);
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    const reviews = run.events.filter((e) => e.type === 'task.reviewed').map((e) => [e.taskId, e.payload.round, e.payload.verdict]);
    expect(reviews).toEqual([
      ['T1', 1, 'approve'],
      ['T2', 1, 'request_changes'],
      ['T2', 2, 'approve'],
      ['T3', 1, 'approve'],
    ]);
    expect(run.read('docs/review_t2.md')).toContain('**Approved**');
    expect(run.read(EXPENSE_STORE)).not.toContain(floatRepairEdit.search);
    // The revision was shown the reviewer's blocker, at the float line.
    const said = (req: (typeof run.server.requests)[number]) => req.messages.map((message) => message.content).join('\n\n');
    const revision = run.server.requests.find((req) => said(req).includes('# Code review of your change (round 1)'));
    expect(revision && said(revision)).toContain(reviewThatCatchesTheFloat.comments[0]!.comment);
    expect(run.events.filter((e) => e.type === 'test.result').map((e) => [e.payload.round, e.payload.status, e.payload.passed])).toEqual([[0, 'pass', 41]]);
    expect(run.events.filter((e) => e.type === 'fix.round.started')).toEqual([]);
    expect(run.read('docs/test_report.md')).toContain('No fix round was needed.');
  });
});
