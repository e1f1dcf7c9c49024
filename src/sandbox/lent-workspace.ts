import { execFile } from 'node:child_process';
import { lchown, lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './find-executable.js';
import { sandboxPath } from './sandbox-env.js';
import { SandboxError } from './sandbox-error.js';

const run = promisify(execFile);

export interface Owner {
  uid: number;
  gid: number;
}

export interface LendOptions {
  /** Who owns the files now (Atelier); only what they own is lent, and it comes back to them. */
  owner: Owner;
  /** The sandbox user, who must be able to write the project. */
  borrower: Owner;
  /** Names at the top of the workspace that stay the owner's (`.git`, `.atelier`, the config). */
  keep: readonly string[];
}

/** One entry per workspace lent right now: commands in parallel share one loan. */
const loans = new Map<string, { holders: number; queue: Promise<unknown> }>();

/**
 * Makes the workspace writable by the sandbox user for one command and gives it back afterwards,
 * by changing the owner of what the owner has there (never following a symlink, never touching
 * what others own or `keep`). Needed when Atelier runs as root: the command runs as another host
 * user, who could otherwise not write the project. What the command created comes back owned by
 * Atelier, ready to commit. Commands running at once in one workspace share the loan; the last
 * one to finish gives it back. Returns the function that gives it back.
 */
export async function lendWorkspace(workspace: string, options: LendOptions): Promise<() => Promise<void>> {
  const loan = loans.get(workspace) ?? { holders: 0, queue: Promise.resolve() };
  loans.set(workspace, loan);
  const step = (action: () => Promise<void>): Promise<void> => {
    const next = loan.queue.then(action, action);
    loan.queue = next.catch(() => undefined);
    return next;
  };
  await step(async () => {
    // Counted only once lent: a loan that failed holds nothing, and the next command tries again.
    if (loan.holders === 0) await changeOwner(workspace, 'lend', options);
    loan.holders += 1;
  });
  let returned = false;
  return () => {
    if (returned) return Promise.resolve();
    returned = true;
    return step(async () => {
      loan.holders -= 1;
      if (loan.holders > 0) return;
      loans.delete(workspace);
      await changeOwner(workspace, 'return', options);
    });
  };
}

/** Lending gives what the owner has to the borrower; returning gives back all the borrower has. */
async function changeOwner(workspace: string, direction: 'lend' | 'return', options: LendOptions): Promise<void> {
  const from = direction === 'lend' ? options.owner : options.borrower;
  const to = direction === 'lend' ? options.borrower : options.owner;
  const top = (await readdir(workspace)).filter((name) => !options.keep.includes(name)).map((name) => path.join(workspace, name));
  // Lending changes only the owner; what the command created also carries its group, so returning sets both.
  const withGroup = direction === 'return';
  const target = withGroup ? `${to.uid}:${to.gid}` : String(to.uid);
  const chown = findExecutable('chown', sandboxPath());
  try {
    if (chown === undefined) throw new Error('no chown');
    // GNU chown: -h changes a symlink itself, -R never follows one, --from skips what others own.
    await run(chown, ['-h', `--from=${from.uid}`, target, workspace]);
    if (top.length > 0) await run(chown, ['-R', '-h', `--from=${from.uid}`, target, '--', ...top], { maxBuffer: 16 * 1024 * 1024 });
  } catch {
    // Not GNU chown, or a file vanished meanwhile: the slower walk does the same and names a real failure.
    try {
      await walk(workspace, from, to, withGroup, false);
      for (const entry of top) await walk(entry, from, to, withGroup, true);
    } catch (error) {
      throw new SandboxError({
        driver: 'bubblewrap',
        detail: `could not hand ${workspace} ${direction === 'return' ? 'back to Atelier' : `to the sandbox user (uid ${to.uid})`}: ${error instanceof Error ? error.message : String(error)}; check that the folder is on a local file system that allows chown`,
        cause: error,
      });
    }
  }
}

async function walk(file: string, from: Owner, to: Owner, withGroup: boolean, recursive: boolean): Promise<void> {
  let stats;
  try {
    stats = await lstat(file);
  } catch {
    return; // gone meanwhile
  }
  if (stats.uid === from.uid) await lchown(file, to.uid, withGroup ? to.gid : stats.gid);
  if (!recursive || !stats.isDirectory()) return;
  for (const name of await readdir(file).catch(() => [])) await walk(path.join(file, name), from, to, withGroup, true);
}
