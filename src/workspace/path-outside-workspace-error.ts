import { AtelierError } from '../errors/atelier-error.js';

export type PathRefusalReason = 'empty' | 'nul-byte' | 'control-character' | 'absolute' | 'traversal' | 'symlink-escape' | 'reserved';

/**
 * A path (usually proposed by a model) that may not be read or written because it does not stay
 * inside the workspace. Nothing has been touched on disk when this is thrown.
 */
export class PathOutsideWorkspaceError extends AtelierError {
  override readonly name = 'PathOutsideWorkspaceError';
  readonly proposed: string;
  readonly reason: PathRefusalReason;

  constructor(options: { proposed: string; reason: PathRefusalReason; detail: string }) {
    super(`refused path ${JSON.stringify(options.proposed)}: ${options.detail}`);
    this.proposed = options.proposed;
    this.reason = options.reason;
  }
}
