import type { Kysely } from 'kysely';
import { documentQueries } from './document-queries.js';
import { leaseQueries } from './lease-queries.js';
import { logQueries } from './log-queries.js';
import type { QueryContext } from './query-context.js';
import { resourceGuard, type ResourceGuardOptions } from './resource-guard.js';
import { runQueries } from './run-queries.js';
import type { StoreDatabase } from './schema.js';
import type { Store } from './store.js';

export type KyselyStoreOptions = ResourceGuardOptions;

/**
 * The `Store` written once against Kysely's query builder, so every SQL backend shares it; a
 * backend only opens the connection and runs the migrations.
 *
 * Every write is a single statement. A statement is atomic and durable once it returns, so a
 * process killed at any instant leaves each record either fully written or absent, and no
 * lock is ever held across an `await`.
 */
export function createKyselyStore(db: Kysely<StoreDatabase>, options: KyselyStoreOptions): Store {
  const { guard, close } = resourceGuard('the store', options);
  const context: QueryContext = { db, guard, now: () => new Date().toISOString() };
  return {
    ...runQueries(context),
    ...documentQueries(context),
    ...logQueries(context),
    ...leaseQueries(context),
    close,
  };
}
