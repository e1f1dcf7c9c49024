import { describe, expect, it } from 'vitest';
import { focusOutput, withoutTimings } from './focus-output.js';

const TAP = [
  'TAP version 13',
  '# Subtest: adds',
  'ok 1 - adds',
  '  ---',
  '  duration_ms: 1.25',
  '  ...',
  '# Subtest: removes',
  'not ok 2 - removes',
  '  ---',
  '  duration_ms: 1.47',
  "  location: '/p/test/a.test.js:5:1'",
  "  failureType: 'testCodeFailure'",
  '  error: |-',
  '    Expected values to be strictly equal:',
  '',
  '    2 !== 3',
  "  code: 'ERR_ASSERTION'",
  '  expected: 3',
  '  actual: 2',
  '  stack: |-',
  '    TestContext.<anonymous> (file:///p/test/a.test.js:5:24)',
  '    Test.runInAsyncScope (node:async_hooks:206:9)',
  '    Test.run (node:internal/test_runner/test:796:25)',
  '  ...',
  '1..2',
  '# pass 1',
  '# fail 1',
  '# duration_ms 148.62',
  '# start of coverage report',
  '# file      | line % | branch % | funcs % | uncovered lines',
  '# a.js      | 100.00 |   100.00 |   50.00 | ',
  '# all files | 100.00 |   100.00 |   75.00 |',
  '# end of coverage report',
].join('\n');

describe('focusOutput', () => {
  it('keeps the failing test with its location, error and own stack, the summary and the coverage total', () => {
    expect(focusOutput(TAP)).toBe(
      [
        'not ok 2 - removes',
        '  ---',
        "  location: '/p/test/a.test.js:5:1'",
        '  error: |-',
        '    Expected values to be strictly equal:',
        '',
        '    2 !== 3',
        '  stack: |-',
        '    TestContext.<anonymous> (file:///p/test/a.test.js:5:24)',
        '  ...',
        '1..2',
        '# pass 1',
        '# fail 1',
        '# all files | 100.00 |   100.00 |   75.00 |',
      ].join('\n'),
    );
  });

  it('cuts long output to its start and end', () => {
    const long = `${'line\n'.repeat(5_000)}the end`;
    const focused = focusOutput(long, 500);
    expect(focused.length).toBeLessThanOrEqual(500);
    expect(focused.endsWith('the end')).toBe(true);
  });
});

describe('withoutTimings', () => {
  it('makes two runs of the same failure read alike', () => {
    expect(withoutTimings('ok (12ms)\n  duration_ms: 3.5\n5 passed in 0.12s')).toBe(withoutTimings('ok (7ms)\n  duration_ms: 9.1\n5 passed in 1.40s'));
  });
});
