import { resolve } from 'node:path';
import { createKyselyStore } from './kysely-store.js';
import { storeMigrationProvider } from './migrations.js';
import type { StoreDatabase } from './schema.js';
import { describeSqliteError, IN_MEMORY, openSqliteDatabase } from './sqlite-database.js';
import type { Store } from './store.js';
import { StoreError } from './store-error.js';

export { describeSqliteError } from './sqlite-database.js';

/**
 * Opens (creating it and its folder if needed) the SQLite store at `file`, or a private
 * in-memory one for `':memory:'`, and brings its schema up to date.
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const location = file === IN_MEMORY ? file : resolve(file);
  const operation = file === IN_MEMORY ? 'could not open an in-memory store' : `could not open the store at ${location}`;
  const db = await openSqliteDatabase<StoreDatabase>(location, storeMigrationProvider).catch((error: unknown) => {
    throw new StoreError(operation, describeSqliteError(error), { cause: error });
  });
  return createKyselyStore(db, { describeError: describeSqliteError, destroy: () => db.destroy() });
}
