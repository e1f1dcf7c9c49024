import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from './json-column.js';
import { openSqliteProjectIndex } from './sqlite-project-index.js';
import { openSqliteStore } from './sqlite-store.js';
import { StoreError } from './store-error.js';
import { projectStoreFile, type StoreProvider } from './store-provider.js';

type Found = 'file' | 'missing' | 'symlink' | 'other';

/** What is at `file`, without following a symbolic link. */
async function find(file: string): Promise<Found> {
  try {
    const stats = await lstat(file);
    return stats.isSymbolicLink() ? 'symlink' : stats.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new StoreError(`could not check for a store at ${file}`, errorMessage(error), { cause: error });
  }
}

/**
 * A store reached through a symbolic link (the file or its .atelier folder) may be any file on
 * the machine: opening it would migrate, and so write, that file. It is refused.
 */
async function refuseLinks(projectDir: string): Promise<string> {
  const file = projectStoreFile(projectDir);
  for (const part of [path.dirname(file), file]) {
    if ((await find(part)) === 'symlink') throw new StoreError(`refused to open the store at ${file}`, `${part} is a symbolic link; a project's store must be a file inside the project`);
  }
  return file;
}

/** The embedded default: one SQLite store inside each project, the index at <dataDir>/projects.db. */
export function sqliteStoreProvider(options: { dataDir: string }): StoreProvider {
  const indexFile = path.join(path.resolve(options.dataDir), 'projects.db');
  return {
    description: `SQLite per project, index at ${indexFile}`,
    openProjectStore: async (projectDir) => openSqliteStore(await refuseLinks(projectDir)),
    hasProjectStore: async (projectDir) => {
      const file = projectStoreFile(projectDir);
      // A search never follows a link to a store (see refuseLinks).
      return (await find(path.dirname(file))) !== 'symlink' && (await find(file)) === 'file';
    },
    hasProjectIndex: async () => (await find(indexFile)) === 'file',
    openProjectIndex: () => openSqliteProjectIndex(indexFile),
  };
}
