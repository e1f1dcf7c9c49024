import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findBrowserTools } from '../../src/roles/pipeline/browser-smoke.js';
import { runScenario, type ScenarioRun } from '../support/scenarios/run-scenario.js';
import { diagonalBuggyRules, diagonalFixingEngineer, diagonalRepairEdit, missingModuleFixingEngineer, missingModuleRepairEdit, WEB_GAME_ENTRY, WEB_GAME_RULES } from '../support/scenarios/web-game-bugs.js';
import { webGameScenario } from '../support/scenarios/web-game.js';
import { showRun } from './e2e-helpers.js';

// The CLI looks for Chromium as this test does; a browser chosen with ATELIER_CHROMIUM (or turned off) reaches it too.
const browserEnv: Record<string, string> = process.env.ATELIER_CHROMIUM === undefined ? {} : { ATELIER_CHROMIUM: process.env.ATELIER_CHROMIUM };
const browserTools = findBrowserTools(process.env);
const noBrowser = 'missing' in browserTools ? browserTools.missing : undefined;

/** "X to move" is written by src/ui.js, so seeing it proves the page's modules loaded and ran. */
const PAGE_TEXT = 'shows "Tic-tac-toe X to move New game Score board X wins 0 O wins 0 Draws 0';

/** The smoke steps QA ran, round after round, as the run's events name them. */
const smokeSteps = (run: ScenarioRun) => run.events.filter((e) => e.type === 'pipeline.step' && e.payload.step === 'smoke').map((e) => [e.payload.outcome, e.payload.note]);

describe('a browser front end (atelier run against the fake server)', () => {
  it('has the page built by the frontend engineer and the rules by the engineer, fixes the missing diagonal in one round, and the report says what passed', { timeout: 240_000 }, async () => {
    const run = await runScenario(webGameScenario, diagonalFixingEngineer, { env: browserEnv });
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);

    // The UI task goes to the frontend engineer, the logic task to the engineer; each commits as itself.
    const started = run.events.filter((e) => e.type === 'task.started').map((e) => [e.taskId, e.payload.role ?? null]);
    expect(started).toEqual([
      ['T1', null],
      ['T2', null],
      ['T3', 'frontend_engineer'],
    ]);
    expect(run.gitLog.find((c) => c.subject.startsWith('T3: '))?.author).toBe('Frontend Engineer (Atelier)');
    expect(run.gitLog.find((c) => c.subject.startsWith('T2: '))?.author).toBe('Software Engineer (Atelier)');
    expect(run.read('index.html')).toContain('<script type="module" src="./src/main.js"></script>');
    expect(run.gitLog).toContainEqual({ author: 'QA Engineer (Atelier)', subject: 'QA: acceptance tests for 5 user stories' });

    // The first validation fails on the missing diagonal; one fix round restores it; the second passes.
    const results = run.events.filter((e) => e.type === 'test.result').map((e) => e.payload);
    expect(results.map((r) => [r.round, r.status, r.testsPass, r.passed, r.failed])).toEqual([
      [0, 'fail', false, 24, 4],
      [1, 'pass', true, 28, 0],
    ]);
    const fixStarted = run.events.find((e) => e.type === 'fix.round.started')?.payload;
    expect(fixStarted).toMatchObject({ round: 1, maxRounds: 3, failing: ['test'] });
    // node --test names only the tests; the analysis follows the test files' imports to the rules.
    expect(fixStarted?.suspects).toContain(WEB_GAME_RULES);
    expect(run.events.find((e) => e.type === 'fix.round.finished')?.payload).toMatchObject({ round: 1, outcome: 'passing', files: [WEB_GAME_RULES] });
    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual(['fix:1']);
    expect(diagonalBuggyRules).toContain(diagonalRepairEdit.search);
    expect(run.read(WEB_GAME_RULES)).toContain(diagonalRepairEdit.replace);
    expect(run.gitLog.find((c) => c.subject.startsWith('Fix round 1: '))?.author).toBe('Software Engineer (Atelier)');

    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's tests pass: `node --test --experimental-test-coverage` exited 0 (28 passed, 0 failed).");
    expect(report).toContain('Reached after 1 fix round.');
    expect(report).toMatch(/\| 1 \| test \| src\/game\.js: WINNING_LINES lists seven lines.* \| `src\/game\.js` \| passing afterwards \| `[0-9a-f]{7}` \|/);
    expect(report).toMatch(/\| install \| skipped \| +\| +\| +\| the project declares no dependencies \|/);
    expect(report).toMatch(/\| syntax \| passed \| `node --check <file>, for each of 7 \.js file\(s\)` \| 0 \|/);
    expect(report).toMatch(/\| lint \| skipped \| +\| +\| +\| no "lint" script in package\.json \|/);
    // The design has no run command: QA opens index.html in Chromium, or says why it could not.
    const smokeRows = report.split('\n').filter((line) => line.startsWith('| smoke |'));
    expect(smokeRows).toHaveLength(1);
    if ('missing' in browserTools) {
      expect(smokeRows[0]).toMatch(/^\| smoke \| skipped \| +\| +\| +\| /);
      expect(smokeRows[0]).toContain(`the page index.html was not opened in a browser: ${browserTools.missing}`);
    } else {
      expect(smokeRows[0]).toContain(`| smoke | passed | \`open index.html in headless Chromium (${browserTools.tools.browser}): no page error, not empty\` | 0 |`);
      expect(smokeRows[0]).toContain(`| loaded in Chromium with no page error; ${PAGE_TEXT}`);
    }
    expect(report).toMatch(/Line coverage: \d+(\.\d+)?%/);

    const tracked = execFileSync('git', ['ls-files'], { cwd: run.project, encoding: 'utf8' }).trim().split('\n');
    expect(tracked.filter((path) => !path.startsWith('docs/') && path !== '.gitignore').sort()).toEqual([...webGameScenario.documents.system_design.file_list, 'test/acceptance.test.js'].sort());
    const shown = await showRun(run.runId, run.cwd, run.env, webGameScenario.name);
    expect(shown.run.status).toBe('succeeded');
  });

  it.skipIf(noBrowser !== undefined)(
    `catches a page whose entry module imports a file that does not exist, which every test passes, and one fix round repairs it${noBrowser ? ` (skipped: ${noBrowser})` : ''}`,
    { timeout: 240_000 },
    async () => {
      const run = await runScenario(webGameScenario, missingModuleFixingEngineer, { env: browserEnv });
      expect(run.result.stderr).toBe('');
      expect(run.result.code).toBe(0);

      // The tests pass in both rounds; only the page opened in Chromium shows the missing module.
      const results = run.events.filter((e) => e.type === 'test.result').map((e) => e.payload);
      expect(results.map((r) => [r.round, r.status, r.testsPass, r.passed, r.failed])).toEqual([
        [0, 'fail', true, 28, 0],
        [1, 'pass', true, 28, 0],
      ]);
      expect(smokeSteps(run)).toEqual([
        ['failed', 'the page asked for files the project does not have: src/board.js'],
        ['passed', expect.stringContaining(PAGE_TEXT)],
      ]);
      expect(run.events.find((e) => e.type === 'fix.round.started')?.payload).toMatchObject({ round: 1, failing: ['smoke'], suspects: expect.arrayContaining([WEB_GAME_ENTRY]) });
      const fixPrompt = run.server.requests[run.asked.indexOf('fix:1')];
      expect(JSON.stringify(fixPrompt?.messages)).toContain('the page asked for files the project does not have: src/board.js');
      expect(run.events.find((e) => e.type === 'fix.round.finished')?.payload).toMatchObject({ round: 1, outcome: 'passing', files: [WEB_GAME_ENTRY] });
      expect(run.read(WEB_GAME_ENTRY)).toContain(missingModuleRepairEdit.replace);
      expect(run.read('docs/test_report.md')).toMatch(/\| 1 \| smoke \| src\/main\.js imports mountGame from \.\/board\.js.* \| `src\/main\.js` \| passing afterwards \| `[0-9a-f]{7}` \|/);
    },
  );
});
