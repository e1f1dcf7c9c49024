import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UnsafeGitConfigError } from './unsafe-git-config-error.js';

/** Runs `git <args>` with Atelier's fixed settings and resolves with stdout. */
export type GitRunner = (args: readonly string[]) => Promise<string>;

interface Verdict {
  key: string;
  overrides: string[];
}

/** Per workspace: the overrides worked out for the configuration files as they were last read. */
const verdicts = new Map<string, Verdict>();

/**
 * The `-c` settings that neutralise what the repository's own configuration (`.git/config`, and
 * anything it includes) could make Atelier's git run on the host: every filter it defines gets an
 * empty `clean`, `smudge` and `process` and `required=false`, so a `.gitattributes` naming it
 * runs nothing. Command-line settings win over the repository's, and git passes them on to the
 * git processes it starts. A `core.worktree` there, which would point git at another folder, is
 * refused instead (UnsafeGitConfigError). Hooks, fsmonitor, gpg and attribute files are forced
 * off separately, on every call.
 */
export async function configOverrides(root: string, git: GitRunner): Promise<string[]> {
  const key = await cacheKey(root);
  const cached = verdicts.get(root);
  if (key !== undefined && cached?.key === key) return cached.overrides;
  const entries = parseConfigList(await git(['config', '--list', '-z', '--show-scope']));
  const repository = entries.filter((entry) => entry.scope !== 'command');
  const worktree = repository.find((entry) => entry.key === 'core.worktree');
  if (worktree !== undefined) {
    throw new UnsafeGitConfigError({ root, key: worktree.key, value: worktree.value, why: "which would point Atelier's git at another folder than the project" });
  }
  const filters = new Set(repository.filter((entry) => entry.key.startsWith('filter.') && entry.key.lastIndexOf('.') > 'filter.'.length).map((entry) => entry.key.slice('filter.'.length, entry.key.lastIndexOf('.'))));
  const overrides = [...filters].sort().flatMap((name) => ['clean=', 'smudge=', 'process=', 'required=false'].flatMap((setting) => ['-c', `filter.${name}.${setting}`]));
  // Included files are not part of the key, so a configuration that includes others is read every time.
  const includes = repository.some((entry) => entry.key.startsWith('include.') || entry.key.startsWith('includeif.'));
  if (key !== undefined && !includes) verdicts.set(root, { key, overrides });
  else verdicts.delete(root);
  return overrides;
}

export interface ConfigEntry {
  scope: string;
  key: string;
  value: string;
}

/** `git config --list -z --show-scope`: `scope NUL key LF value NUL`, the value absent for a bare key. */
export function parseConfigList(output: string): ConfigEntry[] {
  const fields = output.split('\0');
  const entries: ConfigEntry[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const scope = fields[index] ?? '';
    const pair = fields[index + 1] ?? '';
    const newline = pair.indexOf('\n');
    entries.push({ scope, key: newline === -1 ? pair : pair.slice(0, newline), value: newline === -1 ? '' : pair.slice(newline + 1) });
  }
  return entries;
}

/**
 * A digest of the files git reads its repository configuration from, or undefined when they
 * cannot be pinned down (no `.git` folder of its own, a linked work tree): then git is asked every time.
 */
async function cacheKey(root: string): Promise<string | undefined> {
  const gitDir = path.join(root, '.git');
  const stats = await lstat(gitDir).catch(() => undefined);
  if (!stats?.isDirectory()) return undefined;
  if (await lstat(path.join(gitDir, 'commondir')).catch(() => undefined)) return undefined;
  const hash = createHash('sha256');
  for (const name of ['config', 'config.worktree']) {
    const content = await readFile(path.join(gitDir, name)).catch(() => undefined);
    hash.update(`${name}:${content === undefined ? 'absent' : `${content.length}:`}`);
    if (content !== undefined) hash.update(content);
  }
  return hash.digest('hex');
}
