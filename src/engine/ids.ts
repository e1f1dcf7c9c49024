import { randomBytes } from 'node:crypto';

/** Short ids a person can type: `r-3f9a1c2e` for a run, `d-…` for a document. */
export function newId(prefix: 'r' | 'd' | 'c'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
