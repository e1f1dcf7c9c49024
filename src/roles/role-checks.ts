import { findMissingPatterns, findMissingSections, type SectionedDocument } from '../documents/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { DocumentKind } from '../documents/kinds.js';

/**
 * The checks a role's own output format adds to its document's schema: declared sections (for
 * sectioned documents, whose structure comes from the role) and required patterns (anywhere
 * in the answer). Each problem names exactly what is missing, so the model can fix it.
 */
export function roleOutputProblems(role: RoleSnapshot, kind: DocumentKind, value: unknown): string[] {
  const problems: string[] = [];
  if (kind === 'sectioned' && role.sections.length > 0) {
    // Checks run after the schema accepted the answer, so its shape is known here.
    problems.push(...findMissingSections(value as SectionedDocument, role.sections));
  }
  if (role.requiredPatterns.length > 0) {
    problems.push(...findMissingPatterns(JSON.stringify(value), role.requiredPatterns));
  }
  return problems;
}
