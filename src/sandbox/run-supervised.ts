import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CappedOutput } from './capped-output.js';
import type { SandboxResult } from './sandbox.js';

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** After the main process exits, how long leftover holders of its pipes get before the pipes are cut. */
const PIPE_GRACE_MS = 1000;

export interface SupervisedProcess {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes?: number;
}

/** Process groups still running, killed if Atelier itself exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Runs a process in its own process group, capturing capped output. On timeout, and again as soon
 * as the main process exits, the whole group gets SIGKILL, so background children do not outlive
 * the command.
 */
export function runSupervised(plan: SupervisedProcess): Promise<SandboxResult> {
  installExitHook();
  const started = performance.now();
  const limit = plan.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stdout = new CappedOutput(limit);
  const stderr = new CappedOutput(limit);

  return new Promise((resolve) => {
    const child = spawn(plan.file, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      detached: true, // a new process group, so one kill reaches every descendant that stays in it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    let timedOut = false;
    let exitCode: number | null = null;
    let signal: string | null = null;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, plan.timeoutMs);

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      killGroup(pid);
      if (pid !== undefined) liveGroups.delete(pid);
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        outputTruncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
      });
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      // The program could not be started at all; report it the way a shell would.
      exitCode = 127;
      stderr.push(Buffer.from(`could not start ${JSON.stringify(plan.file)}: ${error.message}\n`));
      finish();
    });
    child.on('exit', (code, exitSignal) => {
      exitCode = code;
      signal = exitSignal;
      killGroup(pid);
      // A child that left the group may still hold the pipes; do not wait on it forever.
      graceTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, PIPE_GRACE_MS);
    });
    child.on('close', finish);
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) killGroup(pid);
  });
}
