import type { Kysely } from 'kysely';
import { documentQueries } from './document-queries.js';
import { errorMessage } from './json-column.js';
import { logQueries } from './log-queries.js';
import type { QueryContext } from './query-context.js';
import { runQueries } from './run-queries.js';
import type { StoreDatabase } from './schema.js';
import type { Store } from './store.js';
import { StoreError } from './store-error.js';

export interface KyselyStoreOptions {
  /** Turns a driver error into a sentence for the user (adds what to do for known codes). */
  describeError?: (error: unknown) => string;
  /** Releases the connection; called once, by the first `close()`. */
  destroy: () => Promise<void>;
}

/**
 * The `Store` written once against Kysely's query builder, so every SQL backend shares it; a
 * backend only opens the connection and runs the migrations.
 *
 * Every write is a single statement. A statement is atomic and durable once it returns, so a
 * process killed at any instant leaves each record either fully written or absent, and no
 * lock is ever held across an `await`.
 */
export function createKyselyStore(db: Kysely<StoreDatabase>, options: KyselyStoreOptions): Store {
  const describe = options.describeError ?? errorMessage;
  let closed = false;

  const context: QueryContext = {
    db,
    now: () => new Date().toISOString(),
    guard: async (operation, work) => {
      if (closed) throw new StoreError(`could not ${operation}`, 'the store has been closed');
      try {
        return await work();
      } catch (error) {
        if (StoreError.isInstance(error)) throw error;
        throw new StoreError(`could not ${operation}`, describe(error), { cause: error });
      }
    },
  };

  return {
    ...runQueries(context),
    ...documentQueries(context),
    ...logQueries(context),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await options.destroy();
      } catch (error) {
        throw new StoreError('could not close the store', describe(error), { cause: error });
      }
    },
  };
}
