import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a project keeps its own state (the store, later its roles and workflows). */
export function stateDir(projectDir: string): string {
  return join(projectDir, '.atelier');
}

export function storeFile(projectDir: string): string {
  return join(stateDir(projectDir), 'atelier.db');
}

/** `a CLI that tracks my reading list` → `cli-that-tracks-my-reading-list`. */
export function projectNameFromIdea(idea: string): string {
  const words = idea
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0 && !['a', 'an', 'the'].includes(word));
  const slug = words.slice(0, 6).join('-').replace(/-+/g, '-').slice(0, 48).replace(/-$/, '');
  return slug || 'project';
}

export function defaultProjectDir(cwd: string, projectName: string): string {
  return resolve(cwd, 'workspace', projectName);
}

/** Projects a command can see without --project: the current folder and ./workspace/*. */
export function findProjectDirs(cwd: string): string[] {
  const found: string[] = [];
  if (existsSync(storeFile(cwd))) found.push(resolve(cwd));
  const workspace = join(cwd, 'workspace');
  if (existsSync(workspace)) {
    for (const entry of readdirSync(workspace, { withFileTypes: true })) {
      const dir = join(workspace, entry.name);
      if (entry.isDirectory() && existsSync(storeFile(dir))) found.push(resolve(dir));
    }
  }
  return found;
}
