import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { reviewExample } from '../examples/review.js';
import { reviewSchema } from './review.js';
import { describeIssues } from '../validate-document.js';

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('reviewSchema', () => {
  it('refuses to approve with a blocker', () => {
    expect(problems(reviewSchema, reviewExample)).toEqual([]);
    const approved = { ...reviewExample, verdict: 'approve', comments: [{ file: 'a.ts', severity: 'blocker', comment: 'breaks' }] };
    expect(problems(reviewSchema, approved)).toEqual([
      'comments[0].severity: verdict is "approve" but comment 1 is a blocker: request changes or lower its severity',
    ]);
  });
});
