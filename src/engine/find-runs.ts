import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqliteStore } from '../store/index.js';
import type { RunRecord } from '../store/store.js';
import { findProjectDirs, storeFile } from './projects.js';

export interface FoundRun extends RunRecord {
  projectDir: string;
}

/** Every run in --project, or in the projects visible from `cwd` (./ and ./workspace/*), newest first. */
export async function listRunsEverywhere(cwd: string, project?: string): Promise<FoundRun[]> {
  const dirs = project ? [resolve(cwd, project)] : findProjectDirs(cwd);
  const runs: FoundRun[] = [];
  for (const dir of dirs) {
    if (!existsSync(storeFile(dir))) continue;
    const store = await openSqliteStore(storeFile(dir));
    try {
      for (const run of await store.listRuns()) runs.push({ ...run, projectDir: dir });
    } finally {
      await store.close();
    }
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
