export interface SandboxCommand {
  /** The program and its arguments; no shell is involved. */
  argv: string[];
  /** The workspace root: the working directory and the only writable place. */
  cwd: string;
  /** Declared extra variables; nothing else from Atelier's environment is passed on. */
  env?: Record<string, string>;
  /** Wall clock; the whole command is killed when it runs out. */
  timeoutMs: number;
  /**
   * Memory for the whole command: the resident memory of all its processes together (a watchdog
   * kills above it), and node's heap through `--max-old-space-size` in NODE_OPTIONS.
   * Default 2048 for the watchdog; the heap flag only when set.
   */
  memoryMb?: number;
  /**
   * Processes and threads the command may have at once; default 512. Enforced by a pids cgroup when
   * one can be made (root), by RLIMIT_NPROC inside bubblewrap's user namespace (non-root), by
   * docker's --pids-limit, and always by the watchdog.
   */
  maxProcesses?: number;
  /** CPU seconds any one process may use (RLIMIT_CPU). Default: the timeout in seconds. */
  cpuSeconds?: number;
  /** Per stream; the first part is kept. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Output on both streams after which the command is stopped. Default 32 × maxOutputBytes. */
  maxTotalOutputBytes?: number;
  /** Largest file the command may write; default 512 MiB. */
  maxFileBytes?: number;
  /** How much the free space of the workspace's file system may shrink during the command; default 2 GiB. */
  maxDiskBytes?: number;
  /** Only honoured by isolating drivers; a plain process always has the network. */
  network?: boolean;
  /**
   * Host folders the command may read at the same path, never write (an npm cache for an offline
   * install). Absolute, existing folders outside the workspace. Only isolating drivers make them
   * read-only; a plain process reads (and could write) them as the user.
   */
  readOnlyPaths?: string[];
}

/** Which limit stopped the command. */
export type SandboxKillReason = 'timeout' | 'memory' | 'output' | 'cpu' | 'processes' | 'disk';

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  outputTruncated: boolean;
  durationMs: number;
  /** Set when a limit stopped the command (or, for `memory`, node's heap limit ended it). */
  killedBy?: SandboxKillReason;
  /** One line per limit in force and per thing that happened, for the test report. */
  limitsReport?: string[];
  /**
   * Atelier's own files the command created or changed (`atelier.config.yml`, `.atelier`,
   * `.atelier/roles`…) and the repository's control files (`.git/config`, `.git/info/attributes`…),
   * relative to the workspace; each was put back (or removed) after the run.
   */
  tampered?: string[];
}

export type SandboxDriverName = 'bubblewrap' | 'docker' | 'plain';

export interface SandboxDriver {
  name: SandboxDriverName;
  /** True when the command cannot read the user's files or reach the network unless allowed. */
  isolated: boolean;
  /** Shown to the user, loudly, whenever the driver is not isolated. */
  warning?: string;
  /** What the driver runs, e.g. `/usr/bin/bwrap` or the Docker image. */
  detail?: string;
  run(cmd: SandboxCommand): Promise<SandboxResult>;
}

export interface DriverOptions {
  /** Use a pids cgroup when the machine allows one (default); false leaves the process limit to RLIMIT_NPROC and the watchdog. */
  pidsCgroup?: boolean;
}
