import * as z from 'zod';
import { field } from './fields.js';

export const REVIEW_SEVERITIES = ['blocker', 'major', 'minor', 'nit'] as const;

const commentSchema = z.object({
  file: field(z.string().min(1), 'File the comment is about, relative to the project root: one of the files shown to you.', 'src/reading-list.ts'),
  line: field(z.number().int().min(1).optional(), 'Line number, when the comment is about one line; a line that exists in that file.', 42),
  severity: field(
    z.enum(REVIEW_SEVERITIES),
    'blocker (must fix before merge), major (should fix), minor (could fix), nit (style).',
    'major',
  ),
  comment: field(z.string().min(1), 'What is wrong and why it matters.', 'Saving is not atomic: a crash mid-write loses the list.'),
  suggestion: field(z.string().min(1).optional(), 'A concrete fix, when there is one.', 'Write to a temporary file, then rename it.'),
});

export const reviewSchema = field(
  z
    .object({
      verdict: field(
        z.enum(['approve', 'request_changes']),
        'approve when the code may ship as is; request_changes when a blocker or major issue must be fixed. Never approve while a comment is a blocker.',
        'request_changes',
      ),
      summary: field(z.string().min(1), 'Overall assessment in a few sentences.', 'Solid structure; one data-loss risk.'),
      comments: field(z.array(commentSchema), 'Specific comments; an empty list when there is nothing to say.'),
    })
    .superRefine((review, ctx) => {
      if (review.verdict !== 'approve') return;
      review.comments.forEach((comment, index) => {
        if (comment.severity === 'blocker') {
          ctx.addIssue({
            code: 'custom',
            path: ['comments', index, 'severity'],
            message: `verdict is "approve" but comment ${index + 1} is a blocker: request changes or lower its severity`,
          });
        }
      });
    }),
  'Code review of the changes, written by the code reviewer.',
);

export type Review = z.infer<typeof reviewSchema>;
export type ReviewComment = Review['comments'][number];
