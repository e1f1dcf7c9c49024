import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineerWhoNeverFixes, engineerWhoRepeatsHimself, repairEdit } from '../support/scenarios/buggy-todo-cli.js';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { tempDir } from '../support/run-cli.js';

describe('a bug the model never fixes', () => {
  it('ends after the configured rounds (max_fix_rounds in the user config) with an honest failing report', { timeout: 240_000 }, async () => {
    const home = tempDir('atelier-home-');
    mkdirSync(join(home, '.config', 'atelier'), { recursive: true });
    writeFileSync(join(home, '.config', 'atelier', 'atelier.config.yml'), 'max_fix_rounds: 2\n');
    const run = await runTodoScenario(engineerWhoNeverFixes(5), { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    expect(run.result.stderr).toBe('');
    // The workflow completes (documents, deployment guide, user docs): the failure is reported, not hidden.
    expect(run.result.code).toBe(0);

    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual(['fix:1', 'fix:2']);
    const rounds = run.events.filter((e) => e.type === 'fix.round.finished').map((e) => [e.payload.round, e.payload.outcome, e.payload.testsPass]);
    expect(rounds).toEqual([
      [1, 'still_failing', false],
      [2, 'still_failing', false],
    ]);
    expect(run.events.filter((e) => e.type === 'fix.round.started').map((e) => e.payload.maxRounds)).toEqual([2, 2]);
    // Each round is its own commit, even when it did not help.
    expect(run.gitLog.filter((c) => c.subject.startsWith('Fix round '))).toHaveLength(2);
    expect(run.read('src/todo-store.js')).toContain(repairEdit.search);

    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's own tests **do not pass**.");
    expect(report).toContain('**FAIL**');
    expect(report).toContain('2 fix rounds did not repair it.');
    expect(report).toContain('- **story: list shows the open todos with their ids, in the order added**: Expected values to be strictly deep-equal');
    const finished = run.events.find((e) => e.type === 'run.finished')!;
    expect(finished.payload.tests).toMatchObject({ status: 'fail', testsPass: false, fixRounds: 2 });
  });

  it('stops early when the same fix is proposed again for the same failure', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario(engineerWhoRepeatsHimself(5));
    expect(run.result.code).toBe(0);
    // Round 1 is applied; round 2 repeats it for the same failure: not applied, the loop ends (3 were allowed).
    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual(['fix:1', 'fix:2']);
    const rounds = run.events.filter((e) => e.type === 'fix.round.finished').map((e) => [e.payload.round, e.payload.outcome, e.payload.commit]);
    expect(rounds[0]).toEqual([1, 'still_failing', expect.stringMatching(/^[0-9a-f]{40}$/)]);
    expect(rounds[1]).toEqual([2, 'repeated', null]);
    expect(run.gitLog.filter((c) => c.subject.startsWith('Fix round '))).toHaveLength(1);
    // The model was not sent back to repair an answer that cannot help.
    expect(run.events.filter((e) => e.type === 'llm.repair' && e.taskId === 'fix-2')).toEqual([]);

    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's own tests **do not pass**.");
    expect(report).toContain('The fix loop stopped in round 2: the engineer proposed the same fix again for the same failure, after 1 fix round that did not repair it.');
    expect(report).toContain('same fix for the same failure: stopped');
  });

  it('runs no fix round with --max-fix-rounds 0', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario(engineerWhoNeverFixes(1), { args: ['--max-fix-rounds', '0'] });
    expect(run.result.code).toBe(0);
    expect(run.asked.filter((name) => name?.startsWith('fix:'))).toEqual([]);
    expect(run.events.filter((e) => e.type.startsWith('fix.round'))).toEqual([]);
    const report = run.read('docs/test_report.md');
    expect(report).toContain("The project's own tests **do not pass**.");
    expect(report).toContain('No fix round was run: the fix loop is off (0 fix rounds allowed).');
    expect(report).not.toContain('No fix round was needed.');
  });
});
