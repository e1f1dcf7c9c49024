import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SandboxError } from './sandbox-error.js';
import type { SandboxCommand } from './sandbox-driver.js';

/**
 * Refuses a command that cannot be run safely and returns the workspace's real path (symlinks
 * resolved), which is what gets mounted and used as the working directory.
 */
export async function checkSandboxCommand(cmd: SandboxCommand, driver: string): Promise<string> {
  if (cmd.argv.length === 0 || cmd.argv[0] === '') {
    throw new SandboxError({ driver, detail: 'the command is empty; give at least the program to run' });
  }
  if (!Number.isFinite(cmd.timeoutMs) || cmd.timeoutMs <= 0) {
    throw new SandboxError({ driver, detail: `timeoutMs must be a positive number of milliseconds, got ${cmd.timeoutMs}` });
  }
  if (!path.isAbsolute(cmd.cwd)) {
    throw new SandboxError({ driver, detail: `the workspace ${JSON.stringify(cmd.cwd)} must be an absolute path` });
  }
  let real: string;
  try {
    real = await realpath(cmd.cwd);
  } catch (error) {
    throw new SandboxError({ driver, detail: `the workspace ${cmd.cwd} does not exist; open the workspace first`, cause: error });
  }
  if (!(await stat(real)).isDirectory()) {
    throw new SandboxError({ driver, detail: `the workspace ${cmd.cwd} is not a directory` });
  }
  if (real === path.parse(real).root) {
    throw new SandboxError({ driver, detail: 'the workspace may not be the file system root: it would all become writable' });
  }
  for (const folder of cmd.readOnlyPaths ?? []) await checkReadOnlyPath(folder, real, driver);
  return real;
}

/** A folder lent read-only: a real, absolute folder, neither the root nor the workspace or a part of it. */
async function checkReadOnlyPath(folder: string, workspace: string, driver: string): Promise<void> {
  if (!path.isAbsolute(folder)) throw new SandboxError({ driver, detail: `the read-only folder ${JSON.stringify(folder)} must be an absolute path` });
  const real = await realpath(folder).catch(() => undefined);
  if (real === undefined || !(await stat(real)).isDirectory()) throw new SandboxError({ driver, detail: `the read-only folder ${folder} does not exist or is not a folder` });
  if (real !== folder) throw new SandboxError({ driver, detail: `the read-only folder ${folder} goes through a symbolic link; give its real path, ${real}` });
  if (real === path.parse(real).root) throw new SandboxError({ driver, detail: 'the file system root cannot be lent read-only: the sandbox would see every file' });
  if (real === workspace || real.startsWith(`${workspace}${path.sep}`) || workspace.startsWith(`${real}${path.sep}`)) {
    throw new SandboxError({ driver, detail: `the read-only folder ${folder} overlaps the workspace ${workspace}; keep it outside` });
  }
}
