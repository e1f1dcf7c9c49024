import { homedir } from 'node:os';
import path from 'node:path';
import type { ProjectIndex } from './project-index.js';
import type { Store } from './store.js';

/**
 * The one place that decides where stores live, so nothing outside src/store opens a database.
 * The CLI builds one at start-up and hands it down.
 */
export interface StoreProvider {
  /** e.g. "SQLite per project, index at /home/u/.local/share/atelier/projects.db" */
  readonly description: string;
  /** The store of one project, created when missing (the embedded default: <projectDir>/.atelier/atelier.db). */
  openProjectStore(projectDir: string): Promise<Store>;
  /** True when the project already has a store, so a search never creates one. */
  hasProjectStore(projectDir: string): Promise<boolean>;
  /** True when the index exists, so a command that only reads never creates it. */
  hasProjectIndex(): Promise<boolean>;
  openProjectIndex(): Promise<ProjectIndex>;
}

/** $ATELIER_DATA_DIR, else $XDG_DATA_HOME/atelier, else <home>/.local/share/atelier (home from env.HOME, else os.homedir()). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ATELIER_DATA_DIR) return path.resolve(env.ATELIER_DATA_DIR);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)) return path.join(env.XDG_DATA_HOME, 'atelier');
  return path.join(env.HOME || homedir(), '.local', 'share', 'atelier');
}

/** Where the embedded default keeps a project's store: <projectDir>/.atelier/atelier.db */
export function projectStoreFile(projectDir: string): string {
  return path.join(path.resolve(projectDir), '.atelier', 'atelier.db');
}
