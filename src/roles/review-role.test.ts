import { describe, expect, it } from 'vitest';
import { reviewExample } from '../documents/index.js';
import { changeSections, reviewProblems, taskReviewName } from './review-role.js';

describe('reviewProblems', () => {
  it('wants every comment on a file the reviewer was shown, at a line that exists', () => {
    const shown = new Map([
      ['src/store.ts', 'a\n'.repeat(30)],
      ['src/cli.ts', 'b\n'],
    ]);
    expect(reviewProblems(reviewExample, shown)).toEqual([]);
    const review = { ...reviewExample, comments: [{ ...reviewExample.comments[0]!, line: 99 }, { ...reviewExample.comments[1]!, file: 'src/other.ts' }] };
    expect(reviewProblems(review, shown)).toEqual([
      'comments[0].line: src/store.ts has 31 lines, not 99',
      'comments[1].file: "src/other.ts" is not part of this change or its context; name one of: src/store.ts, src/cli.ts',
    ]);
  });

  it('names a task’s review document after the task', () => {
    expect(taskReviewName('T2')).toBe('review_T2');
  });
});

describe('changeSections (what a later review round reads)', () => {
  it('shows a small revision as a diff, an unchanged file as unchanged, and a rewrite or an unknown file whole', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `const v${i} = ${i};`);
    const edited = lines.map((line, i) => (i === 20 ? 'const v20 = "fixed";' : line)).join('\n');
    const rewrite = Array.from({ length: 50 }, (_, i) => `let w${i} = ${i};`).join('\n');
    const before = new Map([['a.js', lines.join('\n')], ['b.js', 'same'], ['c.js', lines.join('\n')]]);
    const files = new Map([['a.js', edited], ['b.js', 'same'], ['c.js', rewrite], ['d.js', 'new file']]);
    const [a, b, c, d] = changeSections(files, before);
    expect(a).toContain('# Changed since your last review: a.js');
    expect(a).toContain('+const v20 = "fixed";');
    expect(a).not.toContain('const v40');
    expect(b).toBe('# Unchanged since your last review: b.js');
    expect(c).toContain('# Changed file c.js');
    expect(c).toContain('let w49 = 49;');
    expect(d).toContain('# Changed file d.js');
  });

  it('never calls a change too long to diff unchanged: it is shown whole', () => {
    const before = Array.from({ length: 3_000 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 3_000 }, (_, i) => `new ${i}`).join('\n');
    const [only] = changeSections(new Map([['big.js', `${after}\nsneaky()`]]), new Map([['big.js', before]]));
    expect(only).toContain('# Changed file big.js');
    expect(only).toContain('sneaky()');
  });

  it('shows a small change to a long file as its diff, the change included', () => {
    const long = Array.from({ length: 3_000 }, (_, i) => `line ${i}`).join('\n');
    const [only] = changeSections(new Map([['big.js', `${long}\nsneaky()`]]), new Map([['big.js', long]]));
    expect(only).toContain('# Changed since your last review: big.js');
    expect(only).toContain('+sneaky()');
    expect(only!.length).toBeLessThan(500);
  });
});
