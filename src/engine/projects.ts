import { join, resolve } from 'node:path';

/** Where a project keeps its own state (the store, later its roles and workflows). */
export function stateDir(projectDir: string): string {
  return join(projectDir, '.atelier');
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
