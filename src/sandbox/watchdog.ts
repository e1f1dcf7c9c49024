import { statSync, statfsSync } from 'node:fs';
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
 * works for any program, not only node), their number, and how much free disk space they used.
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
    for (const disk of this.disks) {
      const free = freeBytes(disk.path);
      if (free === undefined) continue;
      const used = disk.freeAtStart - free;
      if (used > this.options.maxDiskBytes) {
        return this.breach({ reason: 'disk', detail: `wrote ${formatBytes(used)} to the file system of ${disk.path}, above the limit of ${formatBytes(this.options.maxDiskBytes)}` });
      }
      if (used > 0 && free < DISK_RESERVE_BYTES) {
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

function freeBytes(folder: string): number | undefined {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
