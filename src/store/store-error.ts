const marker = Symbol.for('atelier.store.error');

/**
 * Any failure of the persistence layer. The message says what the store was doing and why it
 * failed ("could not save document \"prd\" of run r1: ..."), so it can be shown as is.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** What the store was doing, e.g. `could not open the store at /tmp/a.db`. */
  readonly operation: string;
  private readonly [marker] = true;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation}: ${reason}`, options);
    this.operation = operation;
  }

  /** True for a StoreError, even one from another copy of this module. */
  static isInstance(value: unknown): value is StoreError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}
