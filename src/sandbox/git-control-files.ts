import { lstat, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files in `.git` that decide what Atelier's own git runs: its configuration (filters,
 * includes, a work tree elsewhere), the attributes that name filters, and a pointer to another
 * repository's configuration. Atelier's git neutralises them itself; these are also put back after
 * every command, so a plant does not even survive it. Bubblewrap and docker mount `.git` read-only.
 */
export const GIT_CONTROL_FILES = ['.git/config', '.git/config.worktree', '.git/info/attributes', '.git/commondir'] as const;

type Entry = { kind: 'file'; content: Buffer; mode: number } | { kind: 'other'; description: string } | { kind: 'absent' };

export interface GitControlSnapshot {
  workspace: string;
  /** False when the workspace has no `.git` folder of its own: there is nothing to keep. */
  repository: boolean;
  entries: Map<string, Entry>;
}

export async function snapshotGitControl(workspace: string): Promise<GitControlSnapshot> {
  const repository = (await lstat(path.join(workspace, '.git')).catch(() => undefined))?.isDirectory() === true;
  const entries = new Map<string, Entry>();
  if (repository) for (const relative of GIT_CONTROL_FILES) entries.set(relative, await entryAt(path.join(workspace, relative)));
  return { workspace, repository, entries };
}

/**
 * After the command (every process gone): puts back each control file it changed, removes each it
 * created, and returns what it repaired, relative to the workspace. `.git` replaced by a file or a
 * link is reported as `.git` and left alone: writing into it could follow the link out.
 */
export async function restoreGitControl(snapshot: GitControlSnapshot): Promise<string[]> {
  if (!snapshot.repository) return [];
  const gitDir = path.join(snapshot.workspace, '.git');
  if (!(await lstat(gitDir).catch(() => undefined))?.isDirectory()) return ['.git'];
  const repaired: string[] = [];
  for (const [relative, before] of snapshot.entries) {
    const file = path.join(snapshot.workspace, relative);
    if (sameEntry(before, await entryAt(file))) continue;
    await rm(file, { recursive: true, force: true });
    if (before.kind === 'file') await writeFile(file, before.content, { mode: before.mode });
    repaired.push(relative);
  }
  return repaired;
}

async function entryAt(file: string): Promise<Entry> {
  try {
    const stats = await lstat(file);
    if (stats.isFile()) return { kind: 'file', content: await readFile(file), mode: stats.mode & 0o7777 };
    // A link or a folder where a file belongs is a plant too; it is removed, never followed.
    return { kind: 'other', description: stats.isSymbolicLink() ? `link:${await readlink(file)}` : 'not a file' };
  } catch {
    return { kind: 'absent' };
  }
}

function sameEntry(a: Entry, b: Entry): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.mode === b.mode && a.content.equals(b.content);
  if (a.kind === 'other' && b.kind === 'other') return a.description === b.description;
  return a.kind === 'absent' && b.kind === 'absent';
}
