import { lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Atelier's own configuration at the workspace root. Code that rewrote it could point a provider's
 * `base_url` at itself and receive the API key on the next run.
 */
export const CONFIG_FILE = 'atelier.config.yml';
/** Atelier's state folder: the run store, and the project's own roles, workflows and templates. */
export const STATE_DIR = '.atelier';
/** What Atelier loads from the state folder as the project layer; small, and only the user changes them. */
export const DEFINITION_DIRS = ['roles', 'workflows', 'templates'] as const;

type Entry = { kind: 'file'; content: Buffer; mode: number } | { kind: 'symlink'; target: string } | { kind: 'directory'; mode: number };

export interface ProtectedSnapshot {
  workspace: string;
  /** Contents compared as well as existence: the driver could not mount them read-only. */
  contents: boolean;
  config: Entry | undefined;
  stateDir: boolean;
  /** Every entry below each definition folder (the folder itself included), keyed by its path in the workspace. */
  definitions: Map<string, Entry>;
}

/**
 * Notes, before a command runs, what it must not change: whether `atelier.config.yml` and
 * `.atelier/` exist and, when `contents` is set (a driver that cannot mount them read-only), the
 * config file and the definition folders themselves, so they can be put back.
 */
export async function snapshotProtected(workspace: string, options: { contents: boolean }): Promise<ProtectedSnapshot> {
  const definitions = new Map<string, Entry>();
  const stateDir = (await entryAt(path.join(workspace, STATE_DIR)))?.kind === 'directory';
  if (options.contents && stateDir) {
    for (const folder of DEFINITION_DIRS) await collect(workspace, path.join(STATE_DIR, folder), definitions);
  }
  return { workspace, contents: options.contents, config: await entryAt(path.join(workspace, CONFIG_FILE)), stateDir, definitions };
}

/**
 * After the command (every process gone): removes what it created among the protected paths and,
 * with `contents`, puts back what it changed. Returns the paths it repaired, relative to the workspace.
 */
export async function restoreProtected(snapshot: ProtectedSnapshot): Promise<string[]> {
  const { workspace } = snapshot;
  const tampered: string[] = [];
  const configFile = path.join(workspace, CONFIG_FILE);
  const config = await entryAt(configFile);
  const configChanged = snapshot.config === undefined ? config !== undefined : snapshot.contents && !sameEntry(snapshot.config, config);
  if (configChanged) {
    await rm(configFile, { recursive: true, force: true });
    if (snapshot.config !== undefined) await putBack(configFile, snapshot.config);
    tampered.push(CONFIG_FILE);
  }
  const stateDir = path.join(workspace, STATE_DIR);
  const state = await entryAt(stateDir);
  if (!snapshot.stateDir) {
    // It appeared during the command: anything in it (a role, a workflow) would become the project's own.
    if (state !== undefined) {
      await rm(stateDir, { recursive: true, force: true });
      tampered.push(STATE_DIR);
    }
    return tampered;
  }
  if (!snapshot.contents) return tampered;
  if (state?.kind !== 'directory') {
    // Moved away or replaced by a link: the store went with it, which this driver cannot prevent.
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true });
    tampered.push(STATE_DIR);
  }
  for (const folder of DEFINITION_DIRS) {
    const relative = path.join(STATE_DIR, folder);
    const now = new Map<string, Entry>();
    await collect(workspace, relative, now);
    const before = [...snapshot.definitions].filter(([key]) => key === relative || key.startsWith(`${relative}${path.sep}`));
    if (before.length === now.size && before.every(([key, entry]) => sameEntry(entry, now.get(key)))) continue;
    await rm(path.join(workspace, relative), { recursive: true, force: true });
    // Parents come before their children in the snapshot, as they were collected.
    for (const [key, entry] of before) await putBack(path.join(workspace, key), entry);
    tampered.push(relative);
  }
  return tampered;
}

/** The line for the report saying how Atelier's own files are kept from the command. */
export function describeProtection(readOnlyMounts: boolean): string {
  return readOnlyMounts
    ? `atelier state: ${STATE_DIR} and ${CONFIG_FILE} mounted read-only; either one created by the command is removed after it`
    : `atelier state: ${CONFIG_FILE} and ${STATE_DIR}/{${DEFINITION_DIRS.join(',')}} put back after the command; the run store in ${STATE_DIR} is NOT protected (no isolation)`;
}

/** One line for the report per repaired path. */
export function describeTampering(tampered: string[]): string[] {
  return tampered.map((relative) => {
    if (relative === '.git') return "protected: the command replaced .git, the project's repository; Atelier's git will not run what it may hold, but check the repository";
    if (relative.startsWith('.git/')) return `protected: the command changed ${relative}, which decides what git runs (a filter there would run on the host at the next commit); it was put back as it was`;
    return `protected: the command changed ${relative}, Atelier's own ${relative === CONFIG_FILE ? 'configuration' : 'state'}; it was put back as it was`;
  });
}

async function entryAt(file: string): Promise<Entry | undefined> {
  try {
    const stats = await lstat(file);
    if (stats.isSymbolicLink()) return { kind: 'symlink', target: await readlink(file) };
    if (stats.isDirectory()) return { kind: 'directory', mode: stats.mode & 0o7777 };
    // Anything else that is not a regular file (a FIFO, a socket) is read as empty and so never matches a real file.
    return { kind: 'file', content: stats.isFile() ? await readFile(file) : Buffer.alloc(0), mode: stats.mode & 0o7777 };
  } catch {
    return undefined;
  }
}

async function collect(workspace: string, relative: string, into: Map<string, Entry>): Promise<void> {
  const entry = await entryAt(path.join(workspace, relative));
  if (entry === undefined) return;
  into.set(relative, entry);
  if (entry.kind !== 'directory') return;
  const names = await readdir(path.join(workspace, relative)).catch(() => []);
  for (const name of names.sort()) await collect(workspace, path.join(relative, name), into);
}

function sameEntry(a: Entry, b: Entry | undefined): boolean {
  if (b === undefined || a.kind !== b.kind) return false;
  if (a.kind === 'symlink' && b.kind === 'symlink') return a.target === b.target;
  if (a.kind === 'file' && b.kind === 'file') return a.mode === b.mode && a.content.equals(b.content);
  return a.kind === 'directory' && b.kind === 'directory' && a.mode === b.mode;
}

async function putBack(file: string, entry: Entry): Promise<void> {
  if (entry.kind === 'directory') await mkdir(file, { recursive: true, mode: entry.mode });
  else if (entry.kind === 'symlink') await symlink(entry.target, file);
  else await writeFile(file, entry.content, { mode: entry.mode });
}
