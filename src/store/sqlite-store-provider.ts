import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from './json-column.js';
import { openSqliteProjectIndex } from './sqlite-project-index.js';
import { openSqliteStore } from './sqlite-store.js';
import { StoreError } from './store-error.js';
import { projectStoreFile, type StoreProvider } from './store-provider.js';

/** The embedded default: one SQLite store inside each project, the index at <dataDir>/projects.db. */
export function sqliteStoreProvider(options: { dataDir: string }): StoreProvider {
  const indexFile = path.join(path.resolve(options.dataDir), 'projects.db');
  return {
    description: `SQLite per project, index at ${indexFile}`,
    openProjectStore: (projectDir) => openSqliteStore(projectStoreFile(projectDir)),
    hasProjectStore: async (projectDir) => {
      const file = projectStoreFile(projectDir);
      try {
        return (await stat(file)).isFile();
      } catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw new StoreError(`could not check for a store at ${file}`, errorMessage(error), { cause: error });
      }
    },
    openProjectIndex: () => openSqliteProjectIndex(indexFile),
  };
}
