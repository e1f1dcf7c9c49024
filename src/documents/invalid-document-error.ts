import type { DocumentKind } from './kinds.js';
import { AtelierError } from '../errors/atelier-error.js';

/** Content that does not match its kind's schema reached a place that needs it valid. */
export class InvalidDocumentError extends AtelierError {
  override readonly name = 'InvalidDocumentError';
  readonly kind: DocumentKind;
  readonly documentName: string;
  readonly problems: readonly string[];

  constructor(options: { kind: DocumentKind; documentName: string; problems: readonly string[] }) {
    super(
      `document "${options.documentName}" is not a valid ${options.kind} document:\n` +
        options.problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nFix these fields in the document content, or regenerate the document from its stage.',
    );
    this.kind = options.kind;
    this.documentName = options.documentName;
    this.problems = options.problems;
  }
}
