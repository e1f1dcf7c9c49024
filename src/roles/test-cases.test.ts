import { describe, expect, it } from 'vitest';
import { caseOutcome, parseTestLines } from './test-cases.js';

describe('parseTestLines', () => {
  it('reads pytest -rA summary lines, parameters with spaces included, and node TAP lines', () => {
    const output = [
      "PASSED tests/test_acceptance.py::test_bad_input[args0-expenses: amount must be a number like 12.50, not 'ten'\\n]",
      'FAILED tests/test_acceptance.py::test_totals - AssertionError: 1998 != 1999',
      'ok 3 - add then list shows the todo',
      'not ok 4 - done hides the todo # SKIP later',
    ].join('\n');
    expect(parseTestLines(output)).toEqual([
      { name: 'test_bad_input', file: 'tests/test_acceptance.py', outcome: 'passed' },
      { name: 'test_totals', file: 'tests/test_acceptance.py', outcome: 'failed' },
      { name: 'add then list shows the todo', outcome: 'passed' },
      { name: 'done hides the todo', outcome: 'skipped' },
    ]);
    expect(caseOutcome({ test: 'test_bad_input', file: 'tests/test_acceptance.py' }, parseTestLines(output))).toBe('passed');
  });
});
