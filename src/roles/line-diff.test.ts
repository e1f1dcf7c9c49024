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

  it('gives up (undefined: the caller shows the whole file) on files too long to compare', () => {
    expect(unifiedDiff('big.txt', lines(3_000).join('\n'), lines(3_001).join('\n'))).toBeUndefined();
  });
});
