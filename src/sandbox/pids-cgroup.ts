import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * A private pids cgroup for one command: the kernel refuses forks past `pids.max` (threads count,
 * as in RLIMIT_NPROC), and `cgroup.procs` lists every member, even one that left the process
 * tree with setsid, so all of them can be killed at the end. Needs a writable cgroup tree, which
 * root usually has; RLIMIT_NPROC, its alternative, does nothing for root.
 */
export class PidsCgroup {
  private constructor(
    readonly directory: string,
    readonly limit: number,
  ) {}

  /** Creates the cgroup, or returns undefined when this machine does not let us. */
  static create(limit: number): PidsCgroup | undefined {
    for (const parent of candidateParents()) {
      const directory = path.join(parent, `atelier-${randomBytes(6).toString('hex')}`);
      try {
        mkdirSync(directory);
      } catch {
        continue;
      }
      try {
        writeFileSync(path.join(directory, 'pids.max'), String(Math.max(1, Math.floor(limit))));
        return new PidsCgroup(directory, limit);
      } catch {
        rmdirQuietly(directory);
      }
    }
    return undefined;
  }

  /**
   * Prefix for the command: a shell that moves itself into the cgroup, then execs the command, so
   * the command starts inside and no fork can happen outside it first.
   */
  launcher(shell: string): string[] {
    return [shell, '-c', 'echo $$ > "$0" || exit 125; exec "$@"', path.join(this.directory, 'cgroup.procs')];
  }

  /** Pids of the member processes. */
  members(): number[] {
    return readNumbers(path.join(this.directory, 'cgroup.procs'));
  }

  /** Tasks (processes and threads) currently counted against the limit. */
  current(): number {
    return readNumbers(path.join(this.directory, 'pids.current'))[0] ?? 0;
  }

  /** How many forks the kernel refused because the limit was reached. */
  refusedForks(): number {
    try {
      const match = /^max (\d+)$/m.exec(readFileSync(path.join(this.directory, 'pids.events'), 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** SIGKILL to every member, synchronously; for exit hooks. */
  killMembers(): void {
    for (const pid of this.members()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Kills every member until none is left, then removes the cgroup. Returns false if members survived. */
  async destroy(): Promise<boolean> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (!existsSync(this.directory)) return true;
      this.killMembers();
      if (this.members().length === 0 && rmdirQuietly(this.directory)) return true;
      await sleep(20);
    }
    return false;
  }
}

/** Where a child cgroup may go: the v1 pids hierarchy, then our own cgroup v2 folder. */
function candidateParents(): string[] {
  let own = '';
  try {
    own = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return [];
  }
  const parents: string[] = [];
  const v1 = /^\d+:(?:[^:]*,)?pids(?:,[^:]*)?:(.*)$/m.exec(own);
  if (v1?.[1] !== undefined) parents.push(path.join(CGROUP_ROOT, 'pids', v1[1]));
  const v2 = /^0::(.*)$/m.exec(own);
  // Only useful when the pids controller is enabled for our children.
  if (v2?.[1] !== undefined) {
    const parent = path.join(CGROUP_ROOT, v2[1]);
    if (existsSync(path.join(parent, 'cgroup.subtree_control')) && readQuietly(path.join(parent, 'cgroup.subtree_control')).includes('pids')) {
      parents.push(parent);
    }
  }
  return parents;
}

function readNumbers(file: string): number[] {
  return readQuietly(file)
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
}

function readQuietly(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function rmdirQuietly(directory: string): boolean {
  try {
    rmdirSync(directory);
    return true;
  } catch {
    return false;
  }
}
