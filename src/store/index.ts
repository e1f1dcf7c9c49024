// The persistence layer's public API. The conformance suite (`store-conformance.ts`) is not
// re-exported: it imports vitest, which only tests may load.
export type * from './store.js';
export { StoreError } from './store-error.js';
export { openSqliteStore } from './sqlite-store.js';
export { createKyselyStore, type KyselyStoreOptions } from './kysely-store.js';
export { migrateStoreToLatest, storeMigrationProvider } from './migrations.js';
export type { StoreDatabase } from './schema.js';
