import { AtelierError } from '../errors/atelier-error.js';

/** Where in a configuration file a problem is, and what it is. Warnings use the same shape. */
export interface ConfigIssue {
  file: string;
  /** 1-based; absent when the problem is the file as a whole (unreadable, empty). */
  line?: number;
  /** 1-based. */
  column?: number;
  /** A dotted path to the offending field, e.g. `stages[2].role`. */
  field?: string;
  message: string;
}

/** `file:line:column: field: message`, the shape editors and terminals turn into links. */
export function formatConfigIssue(issue: ConfigIssue): string {
  let location = issue.file;
  if (issue.line !== undefined) {
    location += `:${issue.line}`;
    if (issue.column !== undefined) location += `:${issue.column}`;
  }
  const field = issue.field ? `${issue.field}: ` : '';
  return `${location}: ${field}${issue.message}`;
}

/** Formats a path such as `['stages', 2, 'role']` as `stages[2].role`. */
export function formatFieldPath(path: readonly PropertyKey[]): string | undefined {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? undefined : out;
}

/** One problem in a role or workflow file, named by file, line and field. */
export class ConfigError extends AtelierError implements ConfigIssue {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
  /** The problem alone, without the location prefix that `message` carries. */
  readonly detail: string;

  constructor(issue: ConfigIssue, options?: { cause?: unknown }) {
    super(formatConfigIssue(issue), options);
    this.file = issue.file;
    if (issue.line !== undefined) this.line = issue.line;
    if (issue.column !== undefined) this.column = issue.column;
    if (issue.field !== undefined) this.field = issue.field;
    this.detail = issue.message;
  }

  toIssue(): ConfigIssue {
    return { file: this.file, line: this.line, column: this.column, field: this.field, message: this.detail };
  }

  override toString(): string {
    return this.message;
  }
}

/** Every problem validation found, so the user fixes them in one pass instead of one per run. */
export class ConfigErrors extends AtelierError {
  override readonly name = 'ConfigErrors';
  readonly errors: readonly ConfigError[];

  constructor(errors: readonly ConfigError[]) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    const files = [...new Set(errors.map((e) => e.file))].join(', ');
    super([`${count} in ${files}:`, ...errors.map((e) => `  ${e.message}`)].join('\n'));
    this.errors = errors;
  }

  override toString(): string {
    return this.message;
  }
}

/** The problems behind a thrown ConfigError or ConfigErrors; undefined for any other error. */
export function configProblems(error: unknown): readonly ConfigError[] | undefined {
  if (ConfigErrors.isInstance(error)) return error.errors;
  if (ConfigError.isInstance(error)) return [error];
  return undefined;
}
