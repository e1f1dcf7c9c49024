import { chmod, lstat, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitAuthor } from './git-author.js';
import { tempFileFor } from './leftover-temps.js';
import { isolatedGit } from './isolated-git.js';
import { tagNextVersion, type VersionTag } from './version-tags.js';
import { readRegularFile } from './read-regular-file.js';
import { isInside, PathOutsideWorkspaceError, resolveInsideWorkspace } from './safe-path.js';
import { WorkspaceError } from './workspace-error.js';

export interface WrittenFile {
  /** Absolute path of the file written. */
  path: string;
  bytes: number;
  /** False when an existing file was replaced. */
  created: boolean;
}

export interface CommitRequest {
  message: string;
  author: GitAuthor;
  /** Workspace-relative paths to commit; everything changed when omitted. */
  paths?: string[];
}

export interface CommitSummary {
  sha: string;
  message: string;
  authorName: string;
}

/** The project folder: every path goes through `resolveInsideWorkspace`, every change ends in a commit. */
export interface Workspace {
  readonly root: string;
  writeFile(relativePath: string, content: string | Uint8Array): Promise<WrittenFile>;
  /**
   * The file's UTF-8 text, or undefined when it does not exist or cannot be read as a source file:
   * not a regular file (a FIFO, a device, a directory), a symbolic link itself, or over 4 MiB.
   */
  readFile(relativePath: string): Promise<string | undefined>;
  /** Tracked and untracked files that git does not ignore, relative with `/`, sorted. */
  listFiles(): Promise<string[]>;
  /** The new commit's sha, or null when there was nothing to commit. */
  commit(request: CommitRequest): Promise<string | null>;
  /** Newest first; at most `max` (default 50) commits. */
  log(max?: number): Promise<CommitSummary[]>;
  /** The sha HEAD points at, or null before the first commit. */
  head(): Promise<string | null>;
  /** Tags HEAD `atelier/vN`, the project's next version, for a finished run (its own tag again if it has one). */
  tagVersion(runId: string, summary: string): Promise<VersionTag>;
}

/** A larger file is not read: it is data or generated, and no prompt has room for it. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

// Installed dependencies and caches the sandboxed pipeline creates are not the project's source.
const GITIGNORE_LINES = ['.atelier/', 'node_modules/', '.pydeps/', '__pycache__/'];

/** Opens (creating if needed) the folder and its git repository on branch `main`. */
export async function openWorkspace(root: string): Promise<Workspace> {
  const absoluteRoot = path.resolve(root);
  await ensureDirectory(absoluteRoot);
  const git = isolatedGit(absoluteRoot);
  // A folder inside someone else's repository still gets its own: commits must stay in the workspace.
  if (!(await isRepositoryRoot(absoluteRoot))) {
    await guard(absoluteRoot, 'git init', async () => {
      await git.raw(['init', '--quiet']);
      // `symbolic-ref` instead of `init -b`, which git before 2.28 lacks and init.defaultBranch would override.
      await git.raw(['symbolic-ref', 'HEAD', 'refs/heads/main']);
      await ensureGitignore(absoluteRoot);
    });
  }
  return new GitWorkspace(absoluteRoot);
}

class GitWorkspace implements Workspace {
  /** Git holds one index lock per repository, so parallel jobs commit one after another. */
  private gitQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly root: string) {}

  async writeFile(relativePath: string, content: string | Uint8Array): Promise<WrittenFile> {
    const target = resolveInsideWorkspace(this.root, relativePath);
    return guard(this.root, `write ${JSON.stringify(relativePath)}`, async () => {
      const existing = await lstat(target).catch(() => undefined);
      if (existing?.isDirectory()) throw new Error('a directory with that name already exists');
      await mkdir(path.dirname(target), { recursive: true });
      // Checked again now the folders exist, in case one appeared as a symlink meanwhile.
      resolveInsideWorkspace(this.root, relativePath);
      const temp = tempFileFor(target);
      try {
        // `wx` never follows or reuses something already at the temp name.
        await writeFile(temp, content, { flag: 'wx' });
        if (existing?.isFile()) await chmod(temp, existing.mode & 0o7777);
        // rename replaces a symlink at the target instead of writing through it.
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
      return { path: target, bytes, created: existing === undefined };
    });
  }

  async readFile(relativePath: string): Promise<string | undefined> {
    const target = resolveInsideWorkspace(this.root, relativePath);
    try {
      const realRoot = await realpath(this.root);
      // Checked again on the opened file: a folder on the way may have become a link since.
      const read = await readRegularFile(target, { maxBytes: MAX_READ_BYTES, accept: (real) => isInside(realRoot, real) });
      return 'text' in read ? read.text : undefined;
    } catch (error) {
      throw new WorkspaceError({ root: this.root, operation: `read ${JSON.stringify(relativePath)}`, detail: String(error), cause: error });
    }
  }

  async listFiles(): Promise<string[]> {
    const git = isolatedGit(this.root);
    return guard(this.root, 'list files', async () => {
      const listed = splitNul(await git.raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard']));
      const deleted = new Set(splitNul(await git.raw(['ls-files', '-z', '--deleted'])));
      // A trailing slash marks an untracked nested repository, not a file.
      const files = listed.filter((file) => !deleted.has(file) && !file.endsWith('/'));
      return [...new Set(files)].sort();
    });
  }

  async commit(request: CommitRequest): Promise<string | null> {
    const pathspecs = request.paths?.map((file) => toGitPath(this.root, resolveInsideWorkspace(this.root, file)));
    return this.serialized(() =>
      guard(this.root, 'commit', async () => {
        if (pathspecs?.length === 0) return null;
        const git = isolatedGit(this.root, request.author);
        const scope = pathspecs ? ['--', ...pathspecs] : [];
        await git.raw(['add', '--all', ...scope]);
        const staged = await git.raw(['diff', '--cached', '--name-only', '-z', ...scope]);
        if (staged === '') return null;
        const message = request.message.trim() || 'Update files';
        await git.raw(['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', message, ...scope]);
        return (await git.raw(['rev-parse', 'HEAD'])).trim();
      }),
    );
  }

  async log(max = 50): Promise<CommitSummary[]> {
    if ((await this.head()) === null) return [];
    const git = isolatedGit(this.root);
    return guard(this.root, 'log', async () => {
      const raw = await git.raw(['log', `--max-count=${Math.max(1, Math.floor(max))}`, '--format=%H%x1f%an%x1f%B%x1e']);
      return raw
        .split('\x1e')
        .map((entry) => entry.replace(/^\n/, ''))
        .filter((entry) => entry !== '')
        .map((entry) => {
          const [sha = '', authorName = '', message = ''] = entry.split('\x1f');
          return { sha, authorName, message: message.trim() };
        });
    });
  }

  async head(): Promise<string | null> {
    try {
      const sha = (await isolatedGit(this.root).raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
      return sha === '' ? null : sha;
    } catch {
      return null; // an unborn branch: no commit yet
    }
  }

  async tagVersion(runId: string, summary: string): Promise<VersionTag> {
    return this.serialized(() => guard(this.root, 'tag the version', () => tagNextVersion(this.root, runId, summary)));
  }

  private serialized<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.gitQueue.then(operation, operation);
    this.gitQueue = result.catch(() => undefined);
    return result;
  }
}

/** True when the folder is the top of a git work tree (not merely inside another repository). */
async function isRepositoryRoot(root: string): Promise<boolean> {
  try {
    const top = (await isolatedGit(root).raw(['rev-parse', '--show-toplevel'])).trim();
    return top !== '' && (await realpath(top)) === (await realpath(root));
  } catch {
    return false;
  }
}

async function ensureDirectory(root: string): Promise<void> {
  const existing = await stat(root).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new WorkspaceError({ root, operation: 'open', detail: 'a file exists at that path; choose another folder for the project' });
  }
  await guard(root, 'create folder', () => mkdir(root, { recursive: true }));
}

async function ensureGitignore(root: string): Promise<void> {
  const file = path.join(root, '.gitignore');
  const current = await readFile(file, 'utf8').catch(() => '');
  const present = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line));
  if (missing.length === 0) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await writeFile(file, `${current}${separator}${missing.join('\n')}\n`);
}

function toGitPath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}


/** Runs one step and reports any failure as a WorkspaceError naming the folder and the step. */
async function guard<T>(root: string, operation: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (WorkspaceError.isInstance(error) || PathOutsideWorkspaceError.isInstance(error)) throw error;
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new WorkspaceError({ root, operation, detail, cause: error });
  }
}
