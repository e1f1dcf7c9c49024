import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSandboxCommand } from './check-command.js';
import { findExecutable } from './find-executable.js';
import { PidsCgroup } from './pids-cgroup.js';
import { describeProtection } from './protected-paths.js';
import { withResourceLimits } from './resource-limits.js';
import { runSupervised } from './run-supervised.js';
import type { DriverOptions, SandboxCommand, SandboxDriver, SandboxResult } from './sandbox-driver.js';
import { buildSandboxEnv, sandboxPath } from './sandbox-env.js';
import { describeLimits, effectiveLimits, processEnforcement } from './sandbox-limits.js';

/** Set in a plain command's environment so its processes can be found after they leave its tree. */
export const RUN_MARKER_VARIABLE = 'ATELIER_SANDBOX_RUN';

/** What the user is told whenever generated code runs without isolation. */
export function plainDriverWarning(reason: string): string {
  return (
    `no sandbox available (${reason}): generated code runs as a plain process with a scrubbed ` +
    'environment but can read your files and use the network'
  );
}

/**
 * The fallback when no isolating sandbox works: a child process in its own process group with a
 * scrubbed environment, a private home and temp folder, and the same limits. It is not isolated,
 * and says so in `warning` and in every result's `limitsReport`.
 */
export function createPlainDriver(reason = 'bubblewrap not found', options: DriverOptions = {}): SandboxDriver {
  const warning = plainDriverWarning(reason);
  return { name: 'plain', isolated: false, warning, detail: 'a plain child process', run: (cmd) => runPlain(cmd, warning, options) };
}

async function runPlain(cmd: SandboxCommand, warning: string, options: DriverOptions): Promise<SandboxResult> {
  const workspace = await checkSandboxCommand(cmd, 'plain');
  const limits = effectiveLimits(cmd);
  const scratch = await mkdtemp(path.join(tmpdir(), 'atelier-sandbox-'));
  const cgroup = options.pidsCgroup === false ? undefined : PidsCgroup.create(limits.maxProcesses);
  try {
    const home = path.join(scratch, 'home');
    const temp = path.join(scratch, 'tmp');
    await Promise.all([mkdir(home), mkdir(temp)]);
    const runId = randomBytes(8).toString('hex');
    // The marker goes last so a declared variable cannot replace it.
    const env = { ...buildSandboxEnv({ home, tmpdir: temp, memoryMb: cmd.memoryMb, extra: cmd.env }), [RUN_MARKER_VARIABLE]: runId };
    const limited = withResourceLimits(
      cmd.argv,
      // No RLIMIT_NPROC here: it would count all of the user's processes, not the command's.
      { maxFileBytes: limits.maxFileBytes, cpuSeconds: limits.cpuSeconds },
      { prlimit: findExecutable('prlimit', sandboxPath()), shell: '/bin/sh' },
    );
    const [file = '', ...args] = [...(cgroup?.launcher('/bin/sh') ?? []), ...limited];
    const report = describeLimits(limits, { processes: processEnforcement(cgroup, false), memory: 'watchdog', network: 'not isolated', disk: 'watchdog' });
    return await runSupervised({
      file,
      args,
      cwd: workspace,
      env,
      timeoutMs: limits.timeoutMs,
      maxOutputBytes: limits.maxOutputBytes,
      maxTotalOutputBytes: limits.maxTotalOutputBytes,
      watch: { memoryBytes: limits.memoryMb * 1024 * 1024, maxProcesses: limits.maxProcesses, maxDiskBytes: limits.maxDiskBytes, diskPaths: [workspace, scratch] },
      cgroup,
      envMarker: `${RUN_MARKER_VARIABLE}=${runId}`,
      limitsReport: [`isolation reduced: ${warning}`, ...report, describeProtection(false)],
      // Nothing can be mounted read-only here: the config and definitions are compared and put back.
      // The store is not, since Atelier itself writes it while the command runs.
      protect: { workspace, contents: true },
    });
  } finally {
    await cgroup?.destroy();
    await rm(scratch, { recursive: true, force: true });
  }
}
