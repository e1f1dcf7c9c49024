import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it; `startTime` tells a process from a later one that reused its pid. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  threads: number;
  startTime: string;
}

/** Every process visible in /proc. Processes that vanish while being read are skipped. */
export function readProcessTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const entry of listPids()) {
    const info = readProcess(entry);
    if (info !== undefined) table.push(info);
  }
  return table;
}

export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name sits in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    ppid: Number(fields[1]),
    state: fields[0] ?? '?',
    threads: Number(fields[17] ?? 1),
    startTime: fields[19] ?? '',
  };
}

/** `root` and everything below it in the parent/child tree, zombies excluded. */
export function processTree(rootPid: number, table: ProcessInfo[]): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const info of table) {
    const siblings = children.get(info.ppid);
    if (siblings) siblings.push(info);
    else children.set(info.ppid, [info]);
  }
  const tree: ProcessInfo[] = [];
  const root = table.find((info) => info.pid === rootPid);
  const queue = root ? [root] : [];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined) break;
    if (next.state !== 'Z') tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Resident memory in bytes (VmRSS); 0 for a process that is gone or a kernel thread. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Processes whose initial environment holds `marker` (e.g. `ATELIER_SANDBOX_RUN=abc`): they descend from one run even after leaving its tree. */
export function processesWithEnvMarker(marker: string): number[] {
  const found: number[] = [];
  const needle = Buffer.from(`\0${marker}\0`);
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${pid}/environ`), Buffer.from([0])]);
      if (environ.includes(needle)) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** SIGKILL to a live process, unless its pid now belongs to a different process than the one seen. */
export function killProcess(seen: Pick<ProcessInfo, 'pid' | 'startTime'>): boolean {
  const now = readProcess(seen.pid);
  if (now === undefined || now.startTime !== seen.startTime || now.state === 'Z' || seen.pid === process.pid) return false;
  try {
    process.kill(seen.pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  const info = readProcess(pid);
  return info !== undefined && info.state !== 'Z';
}

function listPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** Live processes with `argument` among their command-line arguments, such as a unique `sleep` duration. */
export function processesWithArgument(argument: string): number[] {
  const found: number[] = [];
  for (const pid of listPids()) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes(argument) && isAlive(pid)) found.push(pid);
    } catch {
      // gone
    }
  }
  return found;
}
