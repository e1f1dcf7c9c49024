import { AtelierError } from '../errors/atelier-error.js';

/** A workspace operation (open, write, read, commit) failed; the message names the folder and the step. */
export class WorkspaceError extends AtelierError {
  override readonly name = 'WorkspaceError';
  readonly root: string;
  readonly operation: string;

  constructor(options: { root: string; operation: string; detail: string; cause?: unknown }) {
    super(`workspace ${options.root}: ${options.operation} failed: ${options.detail}`, { cause: options.cause });
    this.root = options.root;
    this.operation = options.operation;
  }
}
