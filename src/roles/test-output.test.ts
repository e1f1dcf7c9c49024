import { describe, expect, it } from 'vitest';
import { parseTestFailures, parseTestTotals } from './test-output.js';

describe('parseTestTotals', () => {
  it('reads node --test TAP summaries, counting cancelled tests as failed', () => {
    const output = 'TAP version 13\nok 1 - adds\nnot ok 2 - removes\n# tests 4\n# pass 1\n# fail 1\n# cancelled 1\n# skipped 1\n# todo 0\n';
    expect(parseTestTotals(output)).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  it('reads vitest and pytest summaries', () => {
    expect(parseTestTotals(' Tests  3 passed | 1 failed (4)\n')).toEqual({ passed: 3, failed: 1, skipped: 0 });
    expect(parseTestTotals('===== 5 passed, 2 failed, 1 skipped in 0.12s =====')).toEqual({ passed: 5, failed: 2, skipped: 1 });
    expect(parseTestTotals('===== 1 error in 0.05s =====')).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('reads the bare summary line pytest -q prints, and only a summary line', () => {
    expect(parseTestTotals('........                                                                 [100%]\n8 passed in 0.05s\n')).toEqual({ passed: 8, failed: 0, skipped: 0 });
    const failing = 'FAILED tests/test_store.py::test_total - assert 1998 == 1999\n2 failed, 6 passed, 1 warning in 0.31s\n';
    expect(parseTestTotals(failing)).toEqual({ passed: 6, failed: 2, skipped: 0 });
    expect(parseTestTotals('wrote 3 rows in 2s\n1 passed in 0.01s')).toEqual({ passed: 1, failed: 0, skipped: 0 });
    expect(parseTestTotals('5 deselected in 0.01s')).toBeUndefined();
    expect(parseTestTotals('checked: 3 passed in 2s')).toBeUndefined();
  });

  it('reads unittest summaries', () => {
    expect(parseTestTotals('Ran 4 tests in 0.001s\n\nFAILED (failures=1, errors=1)')).toEqual({ passed: 2, failed: 2, skipped: 0 });
    expect(parseTestTotals('Ran 3 tests in 0.001s\n\nOK (skipped=1)')).toEqual({ passed: 2, failed: 0, skipped: 1 });
  });

  it('says nothing when it recognises nothing', () => {
    expect(parseTestTotals('Segmentation fault')).toBeUndefined();
  });
});

describe('parseTestFailures', () => {
  it('reads the multi-line error of each failing node --test case, once, without the parent suite', () => {
    const output = [
      '# Subtest: store',
      '    not ok 1 - removes an item',
      '      ---',
      "      location: '/p/test/a.test.js:5:1'",
      '      error: |-',
      '        Expected values to be strictly equal:',
      '',
      '        2 !== 1',
      "      code: 'ERR_ASSERTION'",
      '      ...',
      'not ok 1 - store',
      '  ---',
      "  error: '1 subtest failed'",
      '  ...',
      'not ok 2 - removes an item',
    ].join('\n');
    expect(parseTestFailures(output)).toEqual([{ name: 'removes an item', message: 'Expected values to be strictly equal: 2 !== 1' }]);
  });

  it('reads pytest short summaries', () => {
    expect(parseTestFailures('FAILED tests/test_todo.py::test_add - AssertionError: assert 2 == 1\n')).toEqual([
      { name: 'tests/test_todo.py::test_add', message: 'AssertionError: assert 2 == 1' },
    ]);
  });
});
