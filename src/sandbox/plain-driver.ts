import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSandboxCommand } from './check-command.js';
import { findExecutable } from './find-executable.js';
import { DEFAULT_MAX_FILE_BYTES, withResourceLimits } from './resource-limits.js';
import { runSupervised } from './run-supervised.js';
import { buildSandboxEnv, sandboxPath } from './sandbox-env.js';
import type { SandboxCommand, SandboxDriver, SandboxResult } from './sandbox.js';

/** What the user is told whenever generated code runs without isolation. */
export function plainDriverWarning(reason: string): string {
  return (
    `no sandbox available (${reason}): generated code runs as a plain process with a scrubbed ` +
    'environment but can read your files and use the network'
  );
}

/**
 * The fallback when bubblewrap is missing: a child process in its own process group with a
 * scrubbed environment, a private home and temp folder, and the same limits. It is not isolated,
 * and says so in `warning`.
 */
export function createPlainDriver(reason = 'bubblewrap not found'): SandboxDriver {
  return { name: 'plain', isolated: false, warning: plainDriverWarning(reason), run: runPlain };
}

async function runPlain(cmd: SandboxCommand): Promise<SandboxResult> {
  const workspace = await checkSandboxCommand(cmd, 'plain');
  const scratch = await mkdtemp(path.join(tmpdir(), 'atelier-sandbox-'));
  try {
    const home = path.join(scratch, 'home');
    const temp = path.join(scratch, 'tmp');
    await Promise.all([mkdir(home), mkdir(temp)]);
    const env = buildSandboxEnv({ home, tmpdir: temp, memoryMb: cmd.memoryMb, extra: cmd.env });
    const [file = '', ...args] = withResourceLimits(
      cmd.argv,
      { maxProcesses: cmd.maxProcesses, maxFileBytes: cmd.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES },
      { prlimit: findExecutable('prlimit', sandboxPath()), shell: '/bin/sh' },
    );
    return await runSupervised({ file, args, cwd: workspace, env, timeoutMs: cmd.timeoutMs, maxOutputBytes: cmd.maxOutputBytes });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
