import { errorMessage } from './json-column.js';
import { StoreError } from './store-error.js';

/** Runs `work`, turning any failure into a StoreError that starts "could not <operation>". */
export type Guard = <T>(operation: string, work: () => Promise<T>) => Promise<T>;

export interface ResourceGuardOptions {
  /** Turns a driver error into a sentence for the user (adds what to do for known codes). */
  describeError?: (error: unknown) => string;
  /** Releases the connection; called once, by the first `close()`. */
  destroy: () => Promise<void>;
}

/**
 * What every Kysely-backed resource (the store, the project index) does around its queries:
 * each failure becomes a StoreError that says what was being done, work after `close()` is
 * refused, and `close()` releases the connection once.
 */
export function resourceGuard(
  what: string,
  options: ResourceGuardOptions,
): { guard: Guard; close: () => Promise<void> } {
  const describe = options.describeError ?? errorMessage;
  let closed = false;
  return {
    guard: async (operation, work) => {
      if (closed) throw new StoreError(`could not ${operation}`, `${what} has been closed`);
      try {
        return await work();
      } catch (error) {
        if (StoreError.isInstance(error)) throw error;
        throw new StoreError(`could not ${operation}`, describe(error), { cause: error });
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await options.destroy();
      } catch (error) {
        throw new StoreError(`could not close ${what}`, describe(error), { cause: error });
      }
    },
  };
}
