import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

const HOST = hostname();

/** `host:pid:random`, as leases name their owner; undefined for an owner of another shape. */
function ownerPid(owner: string): { host: string; pid: number } | undefined {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host === undefined || !Number.isInteger(pid) || pid <= 1) return undefined;
  return { host, pid };
}

let bootMs: number | undefined;

/** When a process started, from /proc (Linux); undefined where that cannot be read. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    bootMs ??= Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]) * 1000;
    // USER_HZ is 100 on every Linux Node runs on.
    const started = bootMs + (startTicks / 100) * 1000;
    return Number.isFinite(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

/** Leases are held by Node processes (the CLI, a worker): a pid running anything else is not the holder. */
function isNodeProcess(pid: number): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    const name = argv0.slice(argv0.lastIndexOf('/') + 1);
    const ours = process.execPath.slice(process.execPath.lastIndexOf('/') + 1);
    return name === ours || /node/i.test(name);
  } catch {
    // No /proc, or not ours to read: assume it may be.
    return true;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type LocalHolder = 'alive' | 'dead' | 'elsewhere';

/**
 * What became of a lease's owner, seen from this host: `alive` (another process here still runs
 * it), `dead` (its process is gone, or its pid now belongs to a process started after the claim),
 * or `elsewhere` (another host, this very process, or an owner we cannot read: only expiry tells).
 */
export function localHolder(owner: string, acquiredAt: string): LocalHolder {
  const parsed = ownerPid(owner);
  if (!parsed || parsed.host !== HOST || parsed.pid === process.pid) return 'elsewhere';
  const claimed = Date.parse(acquiredAt);
  // A claim dated in the future was not written by a clock this host keeps: only its expiry counts.
  if (!Number.isFinite(claimed) || claimed > Date.now() + 60_000) return 'elsewhere';
  if (!processExists(parsed.pid)) return 'dead';
  if (!isNodeProcess(parsed.pid)) return 'dead';
  const started = processStartMs(parsed.pid);
  // A second of slack: /proc's clock ticks and the ISO timestamp round differently.
  if (started !== undefined && started > claimed + 1000) return 'dead';
  return 'alive';
}
