const marker = Symbol.for('atelier.error.PathOutsideWorkspaceError');

export type PathRefusalReason = 'empty' | 'nul-byte' | 'absolute' | 'traversal' | 'symlink-escape' | 'reserved';

/**
 * A path (usually proposed by a model) that may not be read or written because it does not stay
 * inside the workspace. Nothing has been touched on disk when this is thrown.
 */
export class PathOutsideWorkspaceError extends Error {
  // A symbol rather than `instanceof`, so the guard holds across duplicated module copies.
  private readonly [marker] = true;
  override readonly name = 'PathOutsideWorkspaceError';
  readonly proposed: string;
  readonly reason: PathRefusalReason;

  constructor(options: { proposed: string; reason: PathRefusalReason; detail: string }) {
    super(`refused path ${JSON.stringify(options.proposed)}: ${options.detail}`);
    this.proposed = options.proposed;
    this.reason = options.reason;
  }

  static isInstance(error: unknown): error is PathOutsideWorkspaceError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
