import { readFileSync, statSync, statfsSync } from 'node:fs';
import type { PidsCgroup } from './pids-cgroup.js';
import { processTree, readProcess, readProcessTable, residentBytes, type ProcessInfo } from './process-table.js';
import { formatBytes } from './sandbox-limits.js';

/** Memory and disk are checked this often: both can grow by a gigabyte a second. */
export const WATCHDOG_INTERVAL_MS = 25;
/** Without a cgroup the whole process table is read to find the tree; that is done every this many ticks. */
const TREE_REFRESH_TICKS = 4;
/** Below this much free space a command that is still writing is stopped, whatever its allowance. */
export const DISK_RESERVE_BYTES = 128 * 1024 * 1024;

export interface WatchdogBreach {
  reason: 'memory' | 'processes' | 'disk';
  detail: string;
}

export interface WatchdogOptions {
  /** The process Atelier started; the tree below it is watched (or the cgroup's members, when there is one). */
  rootPid: number;
  cgroup?: PidsCgroup;
  memoryBytes: number;
  maxProcesses: number;
  maxDiskBytes: number;
  /** Folders whose file systems the command may fill: the workspace, a private temp folder. */
  diskPaths: string[];
  intervalMs?: number;
  onBreach(breach: WatchdogBreach): void;
}

interface DiskBaseline {
  path: string;
  freeAtStart: number;
}

/**
 * Samples the command's processes without cgroups: their summed resident memory (VmRSS, so it
 * works for any program, not only node), their number, and how many bytes they wrote.
 * Reports the first limit crossed. It also remembers every process it saw, so the end of the run
 * can kill those that left the tree.
 */
export class Watchdog {
  private readonly seen = new Map<string, ProcessInfo>();
  private readonly disks: DiskBaseline[];
  private timer: NodeJS.Timeout | undefined;
  private breached = false;
  private ticks = 0;
  private members: ProcessInfo[] = [];
  /** Bytes each process of the command has written so far (kept after it exits). */
  private readonly written = new Map<string, number>();
  private lastWritten = 0;
  peakResidentBytes = 0;
  peakTasks = 0;

  constructor(private readonly options: WatchdogOptions) {
    this.disks = diskBaselines(options.diskPaths);
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.options.intervalMs ?? WATCHDOG_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Every process seen in any sample, for the final sweep. */
  seenProcesses(): ProcessInfo[] {
    return [...this.seen.values()];
  }

  /** Takes one sample now; also called by the timer. */
  sample(): void {
    if (this.breached) return;
    const { cgroup } = this.options;
    if (cgroup || this.ticks % TREE_REFRESH_TICKS === 0) {
      this.members = cgroup ? cgroup.members().flatMap((pid) => readProcess(pid) ?? []) : processTree(this.options.rootPid, readProcessTable());
    }
    this.ticks += 1;
    const members = this.members;
    for (const member of members) this.seen.set(`${member.pid}:${member.startTime}`, member);
    const tasks = cgroup ? cgroup.current() : members.reduce((sum, member) => sum + member.threads, 0);
    this.peakTasks = Math.max(this.peakTasks, tasks);
    const refused = cgroup?.refusedForks() ?? 0;
    if (refused > 0 || (!cgroup && tasks >= this.options.maxProcesses)) {
      const how = refused > 0 ? `${refused} fork(s) refused` : `${tasks} running`;
      return this.breach({ reason: 'processes', detail: `reached the limit of ${this.options.maxProcesses} processes and threads (${how})` });
    }
    const resident = members.reduce((sum, member) => sum + residentBytes(member.pid), 0);
    this.peakResidentBytes = Math.max(this.peakResidentBytes, resident);
    if (resident > this.options.memoryBytes) {
      return this.breach({ reason: 'memory', detail: `used ${formatBytes(resident)} resident, above the limit of ${formatBytes(this.options.memoryBytes)}` });
    }
    // What the command's own processes wrote, not how the machine's free space moved: a write
    // elsewhere on the same disk must not stop an innocent command.
    for (const member of members) {
      const bytes = writtenBytes(member.pid);
      if (bytes !== undefined) this.written.set(`${member.pid}:${member.startTime}`, bytes);
    }
    let written = 0;
    for (const bytes of this.written.values()) written += bytes;
    const writing = written > this.lastWritten;
    this.lastWritten = written;
    if (written > this.options.maxDiskBytes) {
      return this.breach({ reason: 'disk', detail: `wrote ${formatBytes(written)}, above the limit of ${formatBytes(this.options.maxDiskBytes)}` });
    }
    for (const disk of this.disks) {
      const free = freeBytes(disk.path);
      if (free === undefined) continue;
      // A command still writing when its disk is nearly full is stopped, whoever filled it.
      if (writing && free < DISK_RESERVE_BYTES && free < disk.freeAtStart) {
        return this.breach({ reason: 'disk', detail: `left only ${formatBytes(free)} free on the file system of ${disk.path}` });
      }
    }
  }

  private breach(breach: WatchdogBreach): void {
    this.breached = true;
    this.stop();
    this.options.onBreach(breach);
  }
}

/** One baseline per file system, so a folder and its neighbour on the same disk are not counted twice. */
function diskBaselines(paths: string[]): DiskBaseline[] {
  const byDevice = new Map<number, DiskBaseline>();
  for (const folder of paths) {
    try {
      const device = statSync(folder).dev;
      const free = freeBytes(folder);
      if (free !== undefined && !byDevice.has(device)) byDevice.set(device, { path: folder, freeAtStart: free });
    } catch {
      // a folder that does not exist holds nothing
    }
  }
  return [...byDevice.values()];
}

/**
 * Every byte a process has handed to write() and its kin (`wchar` of /proc/<pid>/io): files on
 * any file system, tmpfs included, and pipes. It bounds what the process can have written to
 * disk; `write_bytes` would miss tmpfs, where a sandbox's /tmp lives.
 */
function writtenBytes(pid: number): number | undefined {
  try {
    const match = /^wchar:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function freeBytes(folder: string): number | undefined {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
