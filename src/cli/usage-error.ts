import { AtelierError } from '../errors/atelier-error.js';

/** A command line that cannot mean anything: wrong flags together, a missing argument. */
export class UsageError extends AtelierError {
  override readonly name = 'UsageError';
}
