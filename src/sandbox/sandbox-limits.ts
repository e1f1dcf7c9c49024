import type { PidsCgroup } from './pids-cgroup.js';
import type { SandboxCommand } from './sandbox-driver.js';

export const DEFAULT_MEMORY_MB = 2048;
export const DEFAULT_MAX_PROCESSES = 512;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** Default cap on any single file the command writes: stops a disk filler without bothering real builds. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_DISK_BYTES = 2 * 1024 * 1024 * 1024;
/** Output past the kept part is drained and dropped; this many times the kept part, the command is stopped. */
export const OUTPUT_STOP_FACTOR = 32;
/** The private /tmp of an isolating driver lives in memory: keep it well below the disk allowance. */
export const MAX_TMPFS_BYTES = 1024 * 1024 * 1024;

/** Every limit of one command, defaults filled in. */
export interface EffectiveLimits {
  timeoutMs: number;
  cpuSeconds: number;
  memoryMb: number;
  /** Node's heap limit; only when the command set `memoryMb`. */
  nodeHeapMb?: number;
  maxProcesses: number;
  maxOutputBytes: number;
  maxTotalOutputBytes: number;
  maxFileBytes: number;
  maxDiskBytes: number;
  network: boolean;
}

export function effectiveLimits(cmd: SandboxCommand): EffectiveLimits {
  const maxOutputBytes = positive(cmd.maxOutputBytes) ?? DEFAULT_MAX_OUTPUT_BYTES;
  return {
    timeoutMs: cmd.timeoutMs,
    cpuSeconds: Math.ceil(positive(cmd.cpuSeconds) ?? cmd.timeoutMs / 1000),
    memoryMb: positive(cmd.memoryMb) ?? DEFAULT_MEMORY_MB,
    ...(positive(cmd.memoryMb) === undefined ? {} : { nodeHeapMb: Math.floor(cmd.memoryMb ?? 0) }),
    maxProcesses: Math.floor(positive(cmd.maxProcesses) ?? DEFAULT_MAX_PROCESSES),
    maxOutputBytes,
    maxTotalOutputBytes: Math.max(maxOutputBytes, positive(cmd.maxTotalOutputBytes) ?? maxOutputBytes * OUTPUT_STOP_FACTOR),
    maxFileBytes: positive(cmd.maxFileBytes) ?? DEFAULT_MAX_FILE_BYTES,
    maxDiskBytes: positive(cmd.maxDiskBytes) ?? DEFAULT_MAX_DISK_BYTES,
    network: cmd.network === true,
  };
}

/** How each limit is enforced by the driver at hand, for the report. */
export interface LimitEnforcement {
  processes: 'pids cgroup' | 'RLIMIT_NPROC and watchdog' | 'watchdog' | 'docker --pids-limit';
  memory: 'watchdog' | 'docker --memory';
  network: 'blocked' | 'allowed' | 'not isolated';
  disk: 'watchdog' | 'docker';
}

/**
 * How the process limit is enforced: the kernel's pids cgroup when we could make one; else
 * RLIMIT_NPROC where it counts only the sandbox's processes (a user namespace, not root), which
 * the caller says; else the watchdog alone.
 */
export function processEnforcement(cgroup: PidsCgroup | undefined, rlimitCountsOnlyTheSandbox: boolean): LimitEnforcement['processes'] {
  if (cgroup) return 'pids cgroup';
  return rlimitCountsOnlyTheSandbox ? 'RLIMIT_NPROC and watchdog' : 'watchdog';
}

/**
 * RLIMIT_NPROC counts every process and thread of the user (so on the plain driver it would count
 * the user's browser), is ignored for root, and counts per user namespace. Only a user namespace
 * owned by a non-root user makes it a per-sandbox limit.
 */
export function processRlimitIsPerSandbox(userNamespace: boolean): boolean {
  return userNamespace && process.getuid?.() !== 0;
}

/** One line per limit, in the words a test report reader needs. */
export function describeLimits(limits: EffectiveLimits, how: LimitEnforcement): string[] {
  const heap = limits.nodeHeapMb === undefined ? '' : `; node heap ${limits.nodeHeapMb} MB (--max-old-space-size)`;
  const rootNote = how.processes === 'watchdog' && process.getuid?.() === 0 ? ' (running as root, RLIMIT_NPROC would not apply)' : '';
  return [
    `wall clock: ${formatSeconds(limits.timeoutMs / 1000)}`,
    `CPU time: ${limits.cpuSeconds} s per process (RLIMIT_CPU)`,
    `memory: ${limits.memoryMb} MB resident for all processes (${how.memory})${heap}`,
    `processes: ${limits.maxProcesses} processes and threads (${how.processes})${rootNote}`,
    `output: first ${formatBytes(limits.maxOutputBytes)} per stream kept, stopped after ${formatBytes(limits.maxTotalOutputBytes)}`,
    `files: ${formatBytes(limits.maxFileBytes)} per file (RLIMIT_FSIZE); disk: ${formatBytes(limits.maxDiskBytes)} (${how.disk})`,
    `network: ${how.network === 'not isolated' ? 'not isolated (plain driver)' : how.network}`,
  ];
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${round(bytes / 1024 / 1024 / 1024)} GiB`;
  if (bytes >= 1024 * 1024) return `${round(bytes / 1024 / 1024)} MiB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

function formatSeconds(seconds: number): string {
  return `${round(seconds)} s`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
