import { AtelierError } from '../errors/atelier-error.js';

/**
 * Any failure of the persistence layer. The message says what the store was doing and why it
 * failed ("could not save document \"prd\" of run r1: ..."), so it can be shown as is.
 * `StoreError.isInstance` (inherited) holds even for one from another copy of this module.
 */
export class StoreError extends AtelierError {
  override readonly name = 'StoreError';
  /** What the store was doing, e.g. `could not open the store at /tmp/a.db`. */
  readonly operation: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`${operation}: ${reason}`, options);
    this.operation = operation;
  }
}
