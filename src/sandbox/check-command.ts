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
  return real;
}
