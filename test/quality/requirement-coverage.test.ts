import { describe, expect, it } from 'vitest';
import { requirementCoverage } from '../../bench/quality/requirement-coverage.js';
import { caseOutcome, parseTestLines } from '../../src/roles/test-cases.js';
import { command, passingReport, STORIES } from './report-fixture.js';

describe('parseTestLines', () => {
  it('reads TAP, node and jest spec lines, vitest paths and pytest -v and -rA lines', () => {
    const output = [
      'ok 1 - story: add a todo',
      '    not ok 2 - lists \\# open todos # TODO later',
      'not ok 3 - list is sorted',
      '✔ adds a todo (1.2ms)',
      '✖ removes a todo (…)',
      ' ✓ test/api.test.ts > bookmarks > creates one 3ms',
      'tests/test_acceptance.py::test_story_add PASSED                [ 50%]',
      'FAILED tests/test_acceptance.py::TestTotals::test_exact[cents] - assert 1 == 2',
      'PASSED tests/test_store.py::test_load',
    ].join('\n');
    expect(parseTestLines(output)).toEqual([
      { name: 'story: add a todo', outcome: 'passed' },
      { name: 'lists # open todos', outcome: 'skipped' },
      { name: 'list is sorted', outcome: 'failed' },
      { name: 'adds a todo', outcome: 'passed' },
      { name: 'removes a todo', outcome: 'failed' },
      { name: 'creates one', file: 'test/api.test.ts', outcome: 'passed' },
      { name: 'test_story_add', file: 'tests/test_acceptance.py', outcome: 'passed' },
      { name: 'test_exact', file: 'tests/test_acceptance.py', outcome: 'failed' },
      { name: 'test_load', file: 'tests/test_store.py', outcome: 'passed' },
    ]);
  });

  it('finds nothing in totals alone (pytest -q, a focused TAP summary)', () => {
    expect(parseTestLines('.........                [100%]\n41 passed in …')).toEqual([]);
    expect(parseTestLines('1..22\n# tests 22\n# pass 22\n# fail 0')).toEqual([]);
  });

  it('matches a case by its name, by the last part of a qualified name, and by its file for pytest', () => {
    const lines = parseTestLines('tests/test_a.py::TestX::test_one PASSED\ntests/test_b.py::test_two FAILED\nok 1 - adds');
    expect(caseOutcome({ test: 'TestX::test_one', file: 'tests/test_a.py' }, lines)).toBe('passed');
    expect(caseOutcome({ test: 'test_one', file: 'tests/test_b.py' }, lines)).toBe('not-seen');
    expect(caseOutcome({ test: 'test_two', file: 'tests/test_b.py' }, lines)).toBe('failed');
    expect(caseOutcome({ test: 'todos > adds', file: 'test/acceptance.test.js' }, lines)).toBe('passed');
  });
});

describe('requirementCoverage', () => {
  it('counts the stories whose acceptance tests ran and passed', () => {
    expect(requirementCoverage(STORIES, passingReport())).toEqual({ value: { covered: 2, total: 2 } });
  });

  it('does not count a story whose test failed, was skipped, or has no test in the plan', () => {
    const failing = passingReport({ commands: [command('test', 'failed', 'ok 1 - story: add a todo\nnot ok 2 - story: list todos')], failures: [{ name: 'story: list todos', message: 'expected 2' }], totals: { passed: 1, failed: 1, skipped: 0 } });
    expect(requirementCoverage(STORIES, failing).value).toEqual({ covered: 1, total: 2 });
    const skipped = passingReport({ commands: [command('test', 'passed', 'ok 1 - story: add a todo\nok 2 - story: list todos # SKIP')] });
    expect(requirementCoverage(STORIES, skipped).value).toEqual({ covered: 1, total: 2 });
    const unplanned = passingReport({ test_plan: { approach: 'x', cases: [passingReport().test_plan!.cases[0]!] } });
    expect(requirementCoverage(STORIES, unplanned).value).toEqual({ covered: 1, total: 2 });
  });

  it('is unknown when the output shows only totals, keeping the stories it could decide', () => {
    const totalsOnly = passingReport({ commands: [command('test', 'failed', '# tests 2\n# pass 1\n# fail 1')], failures: [{ name: 'story: list todos', message: 'boom' }], totals: { passed: 1, failed: 1, skipped: 0 } });
    const score = requirementCoverage(STORIES, totalsOnly);
    expect(score.value).toBeNull();
    expect(score).toMatchObject({ lowerBound: 0, why: expect.stringContaining('lists no per-test results') });
  });

  it('counts a test missing from an output that lists every test as not run, and is unknown otherwise', () => {
    const whole = passingReport({ commands: [command('test', 'passed', 'ok 1 - story: add a todo\n# pass 1')], totals: { passed: 1, failed: 0, skipped: 0 } });
    expect(requirementCoverage(STORIES, whole).value).toEqual({ covered: 1, total: 2 });
    const trimmed = passingReport({ commands: [command('test', 'passed', 'ok 1 - story: add a todo\nok 2 - other\n… 9000 characters trimmed …\n# pass 2')], totals: { passed: 2, failed: 0, skipped: 0 } });
    expect(requirementCoverage(STORIES, trimmed)).toMatchObject({ value: null, lowerBound: 1 });
    const some = passingReport({ commands: [command('test', 'passed', 'ok 1 - story: add a todo\n# pass 40')], totals: { passed: 40, failed: 0, skipped: 0 } });
    expect(requirementCoverage(STORIES, some)).toMatchObject({ value: null, lowerBound: 1, why: expect.stringContaining('lists 1 per-test results of the 40 tests counted') });
  });

  it("reads vitest's per-file lines as no per-test results, not as tests that did not run", () => {
    const vitest = passingReport({ commands: [command('test', 'passed', ' ✓ test/server.spec.ts (8 tests) …\n ✓ test/acceptance.spec.ts (5 tests | 1 skipped) 12ms\n\n Tests  13 passed (13)')], totals: { passed: 13, failed: 0, skipped: 0 } });
    expect(requirementCoverage(STORIES, vitest)).toMatchObject({ value: null, why: expect.stringContaining('lists no per-test results') });
  });

  it('is 0 when no test ran or none passed, and unknown without a PRD', () => {
    expect(requirementCoverage(STORIES, undefined).value).toEqual({ covered: 0, total: 2 });
    const noTests = passingReport({ commands: [command('install', 'failed')], skipped: [{ step: 'test', reason: 'not run: installing the dependencies failed' }] });
    expect(requirementCoverage(STORIES, noTests)).toEqual({ value: { covered: 0, total: 2 }, note: 'the final validation ran no tests (not run: installing the dependencies failed)' });
    const nonePassed = passingReport({ commands: [command('test', 'failed', 'Error: cannot find module')], totals: { passed: 0, failed: 3, skipped: 0 } });
    expect(requirementCoverage(STORIES, nonePassed).value).toEqual({ covered: 0, total: 2 });
    expect(requirementCoverage(undefined, passingReport()).value).toBeNull();
  });

  it('matches a story to its cases whatever the case, spacing or final full stop', () => {
    const cases = [{ user_story: `${STORIES[0]!.toUpperCase()}.`, test: 'story: add a todo', file: 'test/acceptance.test.js' }, { user_story: STORIES[1]!.replace(/ /g, '  '), test: 'story: list todos', file: 'test/acceptance.test.js' }];
    expect(requirementCoverage(STORIES, passingReport({ test_plan: { approach: 'x', cases } })).value).toEqual({ covered: 2, total: 2 });
  });
});
