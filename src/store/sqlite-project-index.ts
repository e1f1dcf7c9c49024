import { resolve } from 'node:path';
import { createKyselyProjectIndex } from './kysely-project-index.js';
import type { ProjectIndex } from './project-index.js';
import { projectIndexMigrationProvider } from './project-index-migrations.js';
import type { ProjectIndexDatabase } from './project-index-schema.js';
import { describeSqliteError, IN_MEMORY, openSqliteDatabase } from './sqlite-database.js';
import { StoreError } from './store-error.js';

/**
 * Opens (creating it and its folder if needed) the project index at `file`, its own small
 * SQLite database, or a private in-memory one for `':memory:'`.
 */
export async function openSqliteProjectIndex(file: string): Promise<ProjectIndex> {
  const location = file === IN_MEMORY ? file : resolve(file);
  const operation =
    file === IN_MEMORY ? 'could not open an in-memory project index' : `could not open the project index at ${location}`;
  const db = await openSqliteDatabase<ProjectIndexDatabase>(location, projectIndexMigrationProvider).catch(
    (error: unknown) => {
      throw new StoreError(operation, describeSqliteError(error), { cause: error });
    },
  );
  return createKyselyProjectIndex(db, { describeError: describeSqliteError, destroy: () => db.destroy() });
}
