import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sqliteStoreProvider, userDataDir, type StoreProvider } from '../store/index.js';
import type { RunRecord, Store } from '../store/store.js';
import { ProjectNotFoundError, RunNotFoundError } from './errors.js';
import { isDeadLocalHolder, runLeaseName } from './run-lease.js';

export interface FoundRun extends RunRecord {
  projectDir: string;
  /** A run stored as `running` that no live process holds (killed, crashed): it waits for `resume`. */
  interrupted: boolean;
}

/** True when no process holds the run's lease now, so a `running` run is only resumable. */
export async function isInterrupted(store: Store, run: RunRecord): Promise<boolean> {
  if (run.status !== 'running') return false;
  try {
    const lease = await store.getLease(runLeaseName(run.id));
    return lease === undefined || Date.parse(lease.expiresAt) <= Date.now() || isDeadLocalHolder(lease.owner, lease.acquiredAt);
  } catch {
    // A lease row that cannot be read (edited by hand) holds nobody.
    return true;
  }
}

/** Where runs are looked for and stores opened; the embedded default unless a caller passes another. */
export interface StoreAccess {
  stores?: StoreProvider;
  env?: NodeJS.ProcessEnv;
  /** Told about a project whose store could not be read while searching many: it is skipped. */
  onSkipped?: (projectDir: string, error: unknown) => void;
}

/** The store settings of a caller's options, as `openRunStore` and the listings take them. */
export function storeAccess(options: { stores?: StoreProvider | undefined; env?: NodeJS.ProcessEnv | undefined }): StoreAccess {
  return { ...(options.stores ? { stores: options.stores } : {}), ...(options.env ? { env: options.env } : {}) };
}

/** The provider a command uses: the one given, else SQLite per project with the index in the user's data folder. */
export function storesFor(access: StoreAccess = {}): StoreProvider {
  return access.stores ?? sqliteStoreProvider({ dataDir: userDataDir(access.env ?? process.env) });
}

/** Adds the project to the user's index of known projects, so its runs are found from anywhere. */
export async function rememberProject(stores: StoreProvider, project: { root: string; name: string }): Promise<void> {
  const index = await stores.openProjectIndex();
  try {
    await index.remember(project);
  } finally {
    await index.close();
  }
}

async function indexedProjects(stores: StoreProvider): Promise<string[]> {
  if (!(await stores.hasProjectIndex())) return [];
  const index = await stores.openProjectIndex();
  try {
    return (await index.list()).map((project) => project.root);
  } finally {
    await index.close();
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Folders below `cwd` a project may sit in without being indexed (made before the index existed): ./ and ./workspace/*. */
function nearbyFolders(cwd: string): string[] {
  const found = [resolve(cwd)];
  const workspace = join(cwd, 'workspace');
  if (existsSync(workspace)) {
    for (const entry of readdirSync(workspace, { withFileTypes: true })) if (entry.isDirectory()) found.push(resolve(workspace, entry.name));
  }
  return found;
}

/**
 * The projects a command sees: --project alone when given; else the indexed projects inside
 * `cwd` and the folders next to it; with `everywhere`, every indexed project too.
 */
async function projectsToSearch(cwd: string, project: string | undefined, stores: StoreProvider, everywhere: boolean): Promise<string[]> {
  if (project) {
    const dir = resolve(cwd, project);
    if (!existsSync(dir)) throw new ProjectNotFoundError(dir);
    return [dir];
  }
  const indexed = await indexedProjects(stores);
  const here = resolve(cwd);
  const candidates = [...nearbyFolders(cwd), ...indexed.filter((root) => everywhere || isInside(root, here))];
  const unique = [...new Set(candidates)];
  const withStores: string[] = [];
  for (const dir of unique) if (await stores.hasProjectStore(dir)) withStores.push(dir);
  return withStores;
}

/** Every run in --project, or in the projects this command sees (see `projectsToSearch`), newest first. */
export async function listRunsEverywhere(cwd: string, project?: string, access: StoreAccess & { everywhere?: boolean } = {}): Promise<FoundRun[]> {
  const stores = storesFor(access);
  const runs: FoundRun[] = [];
  for (const dir of await projectsToSearch(cwd, project, stores, access.everywhere ?? false)) {
    try {
      if (!(await stores.hasProjectStore(dir))) continue;
      const store = await stores.openProjectStore(dir);
      try {
        for (const run of await store.listRuns()) runs.push({ ...run, projectDir: dir, interrupted: await isInterrupted(store, run) });
      } finally {
        await store.close();
      }
    } catch (error) {
      // One damaged project among many must not hide the others; the one asked for is reported.
      if (project || !access.onSkipped) throw error;
      access.onSkipped(dir, error);
    }
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Opens the store that holds `runId`: --project, else the projects near `cwd`, else any indexed project. */
export async function openRunStore(runId: string, cwd: string, projectDir?: string, access: StoreAccess = {}): Promise<{ store: Store; run: RunRecord; projectDir: string; interrupted: boolean }> {
  const stores = storesFor(access);
  const candidates = await projectsToSearch(cwd, projectDir, stores, true);
  for (const dir of candidates) {
    let store: Store | undefined;
    try {
      if (!(await stores.hasProjectStore(dir))) continue;
      store = await stores.openProjectStore(dir);
      const run = await store.getRun(runId);
      if (run) return { store, run, projectDir: dir, interrupted: await isInterrupted(store, run) };
      await store.close();
    } catch (error) {
      await store?.close().catch(() => undefined);
      if (projectDir || !access.onSkipped) throw error;
      access.onSkipped(dir, error);
    }
  }
  throw new RunNotFoundError(runId, projectDir ? candidates : candidates.length > 0 ? candidates : [resolve(cwd)]);
}
