export interface ResourceLimits {
  /** RLIMIT_NPROC; applied only when set, since it counts every process of the user. */
  maxProcesses?: number;
  /** RLIMIT_FSIZE in bytes. */
  maxFileBytes: number;
  /** RLIMIT_CPU in seconds; the kernel sends SIGXCPU, then SIGKILL. */
  cpuSeconds?: number;
}

export interface LimitTools {
  /** Absolute path of util-linux `prlimit`, when there is one. */
  prlimit?: string;
  /** A POSIX shell for the `ulimit` fallback. */
  shell: string;
}

/**
 * Prefixes `argv` with a launcher that sets the limits and then execs the command, so the limits
 * hold for the command and everything it starts. `prlimit` when available; otherwise a tiny shell
 * script, where dash spells the process limit `-p` and bash `-u`, and `-f` counts 512-byte blocks.
 */
export function withResourceLimits(argv: string[], limits: ResourceLimits, tools: LimitTools): string[] {
  const fileBytes = Math.max(1, Math.floor(limits.maxFileBytes));
  const processes = limits.maxProcesses === undefined ? undefined : Math.max(1, Math.floor(limits.maxProcesses));
  const cpu = limits.cpuSeconds === undefined ? undefined : Math.max(1, Math.ceil(limits.cpuSeconds));
  if (tools.prlimit !== undefined) {
    const flags = [`--fsize=${fileBytes}`];
    if (processes !== undefined) flags.push(`--nproc=${processes}`);
    // SIGXCPU at the soft limit names the cause; the hard limit one second later is the SIGKILL backstop.
    if (cpu !== undefined) flags.push(`--cpu=${cpu}:${cpu + 1}`);
    return [tools.prlimit, ...flags, '--', ...argv];
  }
  const blocks = Math.max(1, Math.floor(fileBytes / 512));
  const processLimit = processes === undefined ? '' : `{ ulimit -u ${processes} || ulimit -p ${processes}; } 2>/dev/null || exit 126; `;
  const cpuLimit = cpu === undefined ? '' : `ulimit -t ${cpu + 1} && ulimit -St ${cpu} || exit 126; `;
  const script = `ulimit -f ${blocks} || exit 126; ${processLimit}${cpuLimit}exec "$@"`;
  return [tools.shell, '-c', script, 'atelier-sandbox', ...argv];
}
