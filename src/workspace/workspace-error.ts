const marker = Symbol.for('atelier.error.WorkspaceError');

/** A workspace operation (open, write, read, commit) failed; the message names the folder and the step. */
export class WorkspaceError extends Error {
  private readonly [marker] = true;
  override readonly name = 'WorkspaceError';
  readonly root: string;
  readonly operation: string;

  constructor(options: { root: string; operation: string; detail: string; cause?: unknown }) {
    super(`workspace ${options.root}: ${options.operation} failed: ${options.detail}`, { cause: options.cause });
    this.root = options.root;
    this.operation = options.operation;
  }

  static isInstance(error: unknown): error is WorkspaceError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
