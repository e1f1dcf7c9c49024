import type { Review } from '../schemas/review.js';
import { inlineCode, section, table } from './markdown.js';

export function renderReview(review: Review): string[] {
  const verdict = review.verdict === 'approve' ? '**Approved**' : '**Changes requested**';
  const comments = table(
    ['Severity', 'Location', 'Comment', 'Suggestion'],
    review.comments.map((c) => [
      c.severity,
      inlineCode(c.line === undefined ? c.file : `${c.file}:${c.line}`),
      c.comment,
      c.suggestion ?? '',
    ]),
  );
  return [
    section('Verdict', verdict),
    section('Summary', review.summary),
    section('Comments', review.comments.length === 0 ? '' : comments),
  ];
}
