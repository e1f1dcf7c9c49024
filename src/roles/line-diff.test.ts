import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './line-diff.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedDiff', () => {
  it('is undefined when nothing changed', () => {
    expect(unifiedDiff('a.js', 'same\n', 'same\n')).toBeUndefined();
  });

  it('shows one changed line with three lines of context and correct hunk numbers', () => {
    const before = lines(20);
    const after = [...before];
    after[9] = 'line ten, fixed';
    expect(unifiedDiff('src/a.js', before.join('\n'), after.join('\n'))).toBe(
      ['--- a/src/a.js', '+++ b/src/a.js', '@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+line ten, fixed', ' line 11', ' line 12', ' line 13'].join('\n'),
    );
  });

  it('splits distant changes into separate hunks and joins close ones', () => {
    const before = lines(40);
    const after = [...before];
    after[2] = 'changed 3';
    after[5] = 'changed 6';
    after[35] = 'changed 36';
    const diff = unifiedDiff('a.txt', before.join('\n'), after.join('\n'))!;
    expect(diff.split('\n').filter((line) => line.startsWith('@@'))).toEqual(['@@ -1,9 +1,9 @@', '@@ -33,7 +33,7 @@']);
  });

  it('counts insertions and deletions in the hunk header', () => {
    const before = lines(5).join('\n');
    const after = ['line 1', 'line 2', 'new a', 'new b', 'line 3', 'line 5'].join('\n');
    const diff = unifiedDiff('a.txt', before, after)!;
    expect(diff).toContain('@@ -1,5 +1,6 @@');
    expect(diff).toContain('+new a\n+new b');
    expect(diff).toContain('-line 4');
  });

  it('diffs a small change to a long file quickly, with the right hunk', () => {
    const before = lines(200_000);
    const after = [...before];
    after.splice(100_000, 1, 'line 100001, fixed', 'an added line');
    const started = performance.now();
    const diff = unifiedDiff('big.txt', before.join('\n'), after.join('\n'));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(diff).toBe(
      ['--- a/big.txt', '+++ b/big.txt', '@@ -99998,7 +99998,8 @@', ' line 99998', ' line 99999', ' line 100000', '-line 100001', '+line 100001, fixed', '+an added line', ' line 100002', ' line 100003', ' line 100004'].join('\n'),
    );
    // A line appended to the end: the long common start costs nothing.
    expect(unifiedDiff('big.txt', lines(3_000).join('\n'), lines(3_001).join('\n'))).toBe(
      ['--- a/big.txt', '+++ b/big.txt', '@@ -2998,3 +2998,4 @@', ' line 2998', ' line 2999', ' line 3000', '+line 3001'].join('\n'),
    );
  });

  it('gives up (undefined: the caller shows the whole file) when the changed lines are too many to compare', () => {
    const started = performance.now();
    const rewritten = lines(3_000).map((line) => `${line}, rewritten`);
    expect(unifiedDiff('big.txt', ['same start', ...lines(3_000), 'same end'].join('\n'), ['same start', ...rewritten, 'same end'].join('\n'))).toBeUndefined();
    // Hostile input: a million lines against a million others is refused before any table is built.
    expect(unifiedDiff('big.txt', 'a\n'.repeat(1_000_000), 'b\n'.repeat(1_000_000))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('diffs a long insertion or deletion, with nothing to compare it against, in linear time', () => {
    const diff = unifiedDiff('big.txt', 'start\nend', ['start', ...lines(50_000), 'end'].join('\n'))!;
    expect(diff.split('\n').slice(0, 4)).toEqual(['--- a/big.txt', '+++ b/big.txt', '@@ -1,2 +1,50002 @@', ' start']);
    expect(unifiedDiff('big.txt', ['start', ...lines(50_000), 'end'].join('\n'), 'start\nend')!.split('\n')[2]).toBe('@@ -1,50002 +1,2 @@');
  });
});
