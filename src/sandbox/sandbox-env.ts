import path from 'node:path';

/** The system directories every sandboxed command may find programs in. */
const SYSTEM_BIN_DIRECTORIES = ['/usr/local/bin', '/usr/bin', '/bin'];

/**
 * A fixed PATH: the directory of the node running Atelier first (so `node`, `npm` and `npx` are
 * the same version), then the system directories. Never the user's PATH, which may point into
 * their home folder.
 */
export function sandboxPath(nodeBinary: string = process.execPath): string {
  return [...new Set([path.dirname(nodeBinary), ...SYSTEM_BIN_DIRECTORIES])].join(path.delimiter);
}

export interface SandboxEnvOptions {
  home: string;
  tmpdir: string;
  memoryMb?: number;
  /** Variables the caller declared for this command; they win over the defaults. */
  extra?: Record<string, string>;
}

/**
 * The complete environment of a sandboxed command, built from nothing: no variable of the parent
 * process (API keys, tokens, SSH agents) reaches generated code unless it was declared.
 */
export function buildSandboxEnv(options: SandboxEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: sandboxPath(),
    HOME: options.home,
    TMPDIR: options.tmpdir,
    LANG: 'C.UTF-8',
    CI: '1',
  };
  Object.assign(env, options.extra ?? {});
  if (options.memoryMb !== undefined) {
    const heapFlag = `--max-old-space-size=${Math.max(16, Math.floor(options.memoryMb))}`;
    const declared = options.extra?.NODE_OPTIONS?.trim();
    env.NODE_OPTIONS = declared ? `${declared} ${heapFlag}` : heapFlag;
  }
  return env;
}
