import { posix } from 'node:path';
import { documentFileName } from '../documents/index.js';
import { taskReviewName } from './review-role.js';

/**
 * The rendered documents are Atelier's state, like `.atelier/`: written from the stored JSON
 * documents, never by a model's code change (an engineer's answer once replaced docs/prd.md).
 * True for the Markdown file of every output of the workflow and of every task review.
 */
export function atelierDocumentPaths(outputs: readonly string[]): (path: string) => boolean {
  const fixed = new Set(outputs.map((name) => documentFileName(name)));
  const reviewFile = documentFileName(taskReviewName('x'));
  const reviewPrefix = reviewFile.slice(0, reviewFile.lastIndexOf('x'));
  return (path) => {
    // As the workspace will resolve it: backslashes are separators, `.` and `..` collapse.
    const lower = posix.normalize(path.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').toLowerCase();
    return fixed.has(lower) || (lower.startsWith(reviewPrefix) && lower.endsWith('.md') && !lower.slice(reviewPrefix.length).includes('/'));
  };
}
