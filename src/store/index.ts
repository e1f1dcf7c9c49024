// The persistence layer's public API. The conformance suites (`*-conformance*.ts`) are not
// re-exported: they import vitest, which only tests may load.
export type * from './store.js';
export type { KnownProject, ProjectIndex } from './project-index.js';
export { StoreError } from './store-error.js';
export { projectStoreFile, userDataDir, type StoreProvider } from './store-provider.js';
export { sqliteStoreProvider } from './sqlite-store-provider.js';
export { openSqliteStore } from './sqlite-store.js';
export { openSqliteProjectIndex } from './sqlite-project-index.js';
export { createKyselyStore, type KyselyStoreOptions } from './kysely-store.js';
export { createKyselyProjectIndex } from './kysely-project-index.js';
export { migrateStoreToLatest, storeMigrationProvider } from './migrations.js';
export { projectIndexMigrationProvider } from './project-index-migrations.js';
export type { StoreDatabase } from './schema.js';
export type { ProjectIndexDatabase } from './project-index-schema.js';
