import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { createPlainDriver } from './plain-driver.js';

export interface SandboxCommand {
  /** The program and its arguments; no shell is involved. */
  argv: string[];
  /** The workspace root: the working directory and the only writable place. */
  cwd: string;
  /** Declared extra variables; nothing else from Atelier's environment is passed on. */
  env?: Record<string, string>;
  timeoutMs: number;
  /** Becomes node's `--max-old-space-size` through NODE_OPTIONS. */
  memoryMb?: number;
  maxProcesses?: number;
  /** Per stream; the first part is kept. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Largest file the command may write; default 512 MiB. */
  maxFileBytes?: number;
  /** Only honoured by isolating drivers; a plain process always has the network. */
  network?: boolean;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  outputTruncated: boolean;
  durationMs: number;
}

export interface SandboxDriver {
  name: 'bubblewrap' | 'plain';
  /** True when the command cannot read the user's files or reach the network unless allowed. */
  isolated: boolean;
  /** Shown to the user, loudly, whenever the driver is not isolated. */
  warning?: string;
  run(cmd: SandboxCommand): Promise<SandboxResult>;
}

/**
 * The best sandbox this machine offers: bubblewrap when `bwrap` is on PATH and a trial run
 * succeeds, otherwise a plain process with a warning. The trial runs once per process.
 */
export async function detectSandbox(options: { prefer?: 'bubblewrap' | 'plain' } = {}): Promise<SandboxDriver> {
  if (options.prefer === 'plain') return createPlainDriver('plain process requested');
  const probe = await probeBubblewrap();
  if (probe.available) return createBubblewrapDriver(probe.bwrap);
  return createPlainDriver(probe.reason);
}
