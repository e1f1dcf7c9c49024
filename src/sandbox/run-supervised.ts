import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CappedOutput } from './capped-output.js';
import { restoreGitControl, snapshotGitControl } from './git-control-files.js';
import { startOrphanGuard } from './orphan-guard.js';
import type { PidsCgroup } from './pids-cgroup.js';
import { describeTampering, restoreProtected, snapshotProtected } from './protected-paths.js';
import { killProcess, processesWithEnvMarker, processTree, readProcess, readProcessTable } from './process-table.js';
import type { SandboxKillReason, SandboxResult } from './sandbox-driver.js';
import { DEFAULT_MAX_OUTPUT_BYTES, formatBytes, OUTPUT_STOP_FACTOR } from './sandbox-limits.js';
import { Watchdog, type WatchdogOptions } from './watchdog.js';

/** After the main process exits, how long leftover holders of its pipes get before the pipes are cut. */
const PIPE_GRACE_MS = 1000;
const SIGXCPU_NUMBER = 24;

export interface SupervisedProcess {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes?: number;
  /** Both streams together; past it the command is stopped. Default 32 × maxOutputBytes. */
  maxTotalOutputBytes?: number;
  /** Memory, process and disk limits sampled while the command runs; none for Atelier's own trial runs. */
  watch?: Omit<WatchdogOptions, 'rootPid' | 'cgroup' | 'onBreach'>;
  /** The command's pids cgroup: its limit is watched, its members killed at the end, then it is removed. */
  cgroup?: PidsCgroup;
  /** `NAME=value` in the command's environment: processes still carrying it after the end are killed. */
  envMarker?: string;
  /** The launcher reports a signal that killed the command as exit status 128+N (bwrap, docker). */
  exitStatusCarriesSignal?: boolean;
  /** Lines describing the limits in force; what happened is appended. */
  limitsReport?: string[];
  /** Runs after every process is gone, e.g. removing a container. */
  cleanup?: () => Promise<void>;
  /**
   * The workspace whose Atelier configuration and state the command must not change: what it
   * created there is removed afterwards and, with `contents` (a driver that cannot mount them
   * read-only), what it changed is put back. Reported in `tampered` and `limitsReport`.
   */
  protect?: { workspace: string; contents: boolean };
}

/** Process groups and cgroups still running, killed if Atelier itself exits first. */
const liveGroups = new Set<number>();
const liveCgroups = new Set<PidsCgroup>();
let exitHookInstalled = false;

/**
 * Runs a process in its own process group, capturing capped output. A limit crossed (wall clock,
 * output, or the watchdog's memory, processes and disk) stops the whole command. When the main
 * process exits, everything it left behind is killed: its process group, its cgroup's members,
 * every process the watchdog saw, and every process still carrying the environment marker. If
 * Atelier itself dies first, even by SIGKILL, an orphan guard kills them instead.
 */
export async function runSupervised(plan: SupervisedProcess): Promise<SandboxResult> {
  if (plan.protect === undefined) return supervise(plan);
  const snapshot = await snapshotProtected(plan.protect.workspace, { contents: plan.protect.contents });
  // On every driver: a read-only .git cannot change, and checking it costs four small reads.
  const git = await snapshotGitControl(plan.protect.workspace);
  const result = await supervise(plan);
  const tampered = [...(await restoreProtected(snapshot)), ...(await restoreGitControl(git))];
  if (tampered.length === 0) return result;
  return { ...result, tampered, limitsReport: [...(result.limitsReport ?? []), ...describeTampering(tampered)] };
}

function supervise(plan: SupervisedProcess): Promise<SandboxResult> {
  installExitHook();
  const started = performance.now();
  const limit = plan.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const totalLimit = plan.maxTotalOutputBytes ?? limit * OUTPUT_STOP_FACTOR;
  const stdout = new CappedOutput(limit);
  const stderr = new CappedOutput(limit);
  const happened: string[] = [];

  return new Promise((resolve) => {
    const child = spawn(plan.file, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      detached: true, // a new process group, so one kill reaches every descendant that stays in it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    // Kills the command if Atelier dies before it can (kill -9): exit hooks do not run then.
    const guard = pid === undefined ? undefined : startOrphanGuard({ processGroup: pid, envMarker: plan.envMarker, cgroupDirectory: plan.cgroup?.directory });
    if (plan.cgroup) liveCgroups.add(plan.cgroup);
    let killedBy: SandboxKillReason | undefined;
    let exitCode: number | null = null;
    let signal: string | null = null;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let printed = 0;

    const killAll = (): number => {
      const killed = new Set<number>();
      // The tree first, while it is still intact: for bubblewrap this reaches the namespace's pid 1.
      if (pid !== undefined) for (const member of processTree(pid, readProcessTable())) if (killProcess(member)) killed.add(member.pid);
      killGroup(pid);
      for (const member of plan.cgroup?.members() ?? []) if (killByPid(member)) killed.add(member);
      for (const seen of watchdog?.seenProcesses() ?? []) if (killProcess(seen)) killed.add(seen.pid);
      if (plan.envMarker !== undefined) for (const marked of processesWithEnvMarker(plan.envMarker)) if (killByPid(marked)) killed.add(marked);
      return killed.size;
    };
    const stop = (reason: SandboxKillReason, detail: string): void => {
      // The first limit crossed is the cause; the sweep at exit catches anything this kill missed.
      if (killedBy !== undefined || settled) return;
      killedBy = reason;
      happened.push(`stopped (${reason}): ${detail}`);
      killAll();
    };
    const watchdog = pid !== undefined && plan.watch ? new Watchdog({ ...plan.watch, rootPid: pid, cgroup: plan.cgroup, onBreach: (b) => stop(b.reason, b.detail) }) : undefined;
    watchdog?.start();

    const timer = setTimeout(() => stop('timeout', `ran longer than the ${plan.timeoutMs / 1000} s wall-clock limit`), plan.timeoutMs);

    const finish = async (): Promise<void> => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      watchdog?.stop();
      killAll();
      if (pid !== undefined) liveGroups.delete(pid);
      if (plan.cgroup) {
        if (!(await plan.cgroup.destroy())) happened.push(`some processes in ${plan.cgroup.directory} could not be killed`);
        liveCgroups.delete(plan.cgroup);
      }
      guard?.release();
      await plan.cleanup?.().catch((error: unknown) => happened.push(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`));
      const err = stderr.text();
      if (killedBy === undefined) killedBy = limitThatEnded(signal, exitCode, err, plan.exitStatusCarriesSignal === true, happened);
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: err,
        timedOut: killedBy === 'timeout',
        outputTruncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        ...(killedBy === undefined ? {} : { killedBy }),
        limitsReport: [...(plan.limitsReport ?? []), ...happened],
      });
    };

    const onOutput = (output: CappedOutput) => (chunk: Buffer) => {
      output.push(chunk);
      printed += chunk.length;
      if (printed > totalLimit) stop('output', `printed more than ${formatBytes(totalLimit)}`);
    };
    child.stdout.on('data', onOutput(stdout));
    child.stderr.on('data', onOutput(stderr));
    child.on('error', (error) => {
      // The program could not be started at all; report it the way a shell would.
      exitCode = 127;
      stderr.push(Buffer.from(`could not start ${JSON.stringify(plan.file)}: ${error.message}\n`));
      void finish();
    });
    child.on('exit', (code, exitSignal) => {
      exitCode = code;
      signal = exitSignal;
      watchdog?.stop();
      const leftovers = killAll();
      if (leftovers > 0) happened.push(`killed ${leftovers} process(es) still running after the command ended`);
      // A child that left the group may still hold the pipes; do not wait on it forever.
      graceTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        void finish();
      }, PIPE_GRACE_MS);
    });
    child.on('close', () => void finish());
  });
}

/** Limits the kernel or node enforced themselves, recognised from how the command ended. */
function limitThatEnded(signal: string | null, exitCode: number | null, stderr: string, carriesSignal: boolean, happened: string[]): SandboxKillReason | undefined {
  if (signal === 'SIGXCPU' || (carriesSignal && exitCode === 128 + SIGXCPU_NUMBER)) {
    happened.push('stopped (cpu): used up its CPU time (RLIMIT_CPU)');
    return 'cpu';
  }
  if (stderr.includes('JavaScript heap out of memory')) {
    happened.push("stopped (memory): node's heap limit (--max-old-space-size) was reached");
    return 'memory';
  }
  return undefined;
}

function killByPid(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && killProcess(info);
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
    for (const cgroup of liveCgroups) cgroup.killMembers();
  });
}
