import { describe, expect, it } from 'vitest';
import { parseTapFailures, parseTestTotals } from './test-output.js';

describe('parseTestTotals', () => {
  it('reads node --test TAP summaries', () => {
    const output = 'TAP version 13\nok 1 - adds\nnot ok 2 - removes\n# tests 3\n# pass 1\n# fail 1\n# skipped 1\n# todo 0\n';
    expect(parseTestTotals(output)).toEqual({ passed: 1, failed: 1, skipped: 1 });
  });

  it('reads vitest and pytest summaries', () => {
    expect(parseTestTotals(' Tests  3 passed | 1 failed (4)\n')).toEqual({ passed: 3, failed: 1, skipped: 0 });
    expect(parseTestTotals('===== 5 passed, 2 failed, 1 skipped in 0.12s =====')).toEqual({ passed: 5, failed: 2, skipped: 1 });
  });

  it('reads unittest summaries', () => {
    expect(parseTestTotals('Ran 4 tests in 0.001s\n\nFAILED (failures=1, errors=1)')).toEqual({ passed: 2, failed: 2, skipped: 0 });
  });

  it('says nothing when it recognises nothing', () => {
    expect(parseTestTotals('Segmentation fault')).toBeUndefined();
  });
});

describe('parseTapFailures', () => {
  it('names failing tests once with their error line', () => {
    const output = 'not ok 1 - removes an item\n  ---\n  error: \'Expected 2 to equal 1\'\n  ...\nnot ok 1 - removes an item\n';
    expect(parseTapFailures(output)).toEqual([{ name: 'removes an item', message: "error: 'Expected 2 to equal 1'" }]);
  });
});
