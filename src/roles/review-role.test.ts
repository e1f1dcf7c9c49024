import { describe, expect, it } from 'vitest';
import { reviewExample } from '../documents/index.js';
import { reviewProblems, taskReviewName } from './review-role.js';

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
