import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkSandboxCommand } from './check-command.js';
import { findExecutable } from './find-executable.js';
import { CONFIG_FILE, describeProtection, STATE_DIR } from './protected-paths.js';
import { runSupervised } from './run-supervised.js';
import { SandboxError } from './sandbox-error.js';
import type { SandboxCommand, SandboxDriver, SandboxResult } from './sandbox-driver.js';
import { buildSandboxEnv } from './sandbox-env.js';
import { describeLimits, effectiveLimits, MAX_TMPFS_BYTES, type EffectiveLimits } from './sandbox-limits.js';

/** Has node and python3, the stacks the architect may choose. */
export const DEFAULT_DOCKER_IMAGE = 'node:20-bookworm';
/** The image's own PATH, not the host's: the host's node directory means nothing inside. */
const CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** What the docker client itself needs to find its engine; never passed into the container. */
const CLIENT_VARIABLES = ['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'];

export interface DockerRunLayout {
  image: string;
  /** Container name, so the container can be removed even after the client is killed. */
  name: string;
  workspace: string;
  /** True when the workspace has a `.git` to mount read-only over it. */
  hasGit: boolean;
  /** Atelier's own files that exist in the workspace (`.atelier`, `atelier.config.yml`), mounted read-only over it. */
  readOnly?: string[];
  /** Host folders lent read-only at the same path (an npm cache). */
  readOnlyPaths?: string[];
  limits: EffectiveLimits;
  /** `uid:gid` the command runs as; the user's own, so written files stay theirs. */
  user: string;
  /** The container's whole environment. */
  env: Record<string, string>;
}

/**
 * `docker run` arguments for one command: no network unless allowed, the workspace the only
 * writable mount (its `.git`, `.atelier` and `atelier.config.yml` read-only over it), a read-only root with a size-limited /tmp, no capabilities, and the engine's
 * own cgroup limits for memory and processes.
 */
export function dockerRunArgs(layout: DockerRunLayout, argv: string[]): string[] {
  const { limits, workspace } = layout;
  const args = ['run', '--rm', '--name', layout.name, '--network', limits.network ? 'bridge' : 'none'];
  args.push('--memory', `${limits.memoryMb}m`, '--memory-swap', `${limits.memoryMb}m`, '--pids-limit', String(limits.maxProcesses));
  args.push('--read-only', '--tmpfs', `/tmp:rw,exec,size=${Math.min(limits.maxDiskBytes, MAX_TMPFS_BYTES)},mode=1777`);
  args.push('--user', layout.user, '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges');
  args.push('--ulimit', `cpu=${limits.cpuSeconds}:${limits.cpuSeconds}`, '--ulimit', `fsize=${limits.maxFileBytes}:${limits.maxFileBytes}`);
  args.push('-v', `${workspace}:${workspace}`);
  if (layout.hasGit) args.push('-v', `${path.join(workspace, '.git')}:${path.join(workspace, '.git')}:ro`);
  for (const name of layout.readOnly ?? []) args.push('-v', `${path.join(workspace, name)}:${path.join(workspace, name)}:ro`);
  for (const folder of layout.readOnlyPaths ?? []) args.push('-v', `${folder}:${folder}:ro`);
  args.push('-w', workspace);
  for (const [name, value] of Object.entries(layout.env)) args.push('-e', `${name}=${value}`);
  // Options end at the image name: what follows is the command, never read as docker options.
  args.push(layout.image, ...argv);
  return args;
}

export type DockerProbe = { available: true; docker: string } | { available: false; reason: string };

let probe: Promise<DockerProbe> | undefined;

/** Whether a Docker engine answers here; checked once per process. */
export function probeDocker(): Promise<DockerProbe> {
  probe ??= runDockerProbe(findExecutable('docker', process.env.PATH ?? ''));
  return probe;
}

/** Asks the engine for its version: a client without a running engine is not a sandbox. */
export async function runDockerProbe(docker: string | undefined): Promise<DockerProbe> {
  if (docker === undefined) return { available: false, reason: 'docker not found' };
  const result = await runSupervised({ file: docker, args: ['info', '--format', '{{.ServerVersion}}'], cwd: '/', env: dockerClientEnv(), timeoutMs: 10_000 });
  if (result.exitCode === 0 && result.stdout.trim() !== '') return { available: true, docker };
  const why = `${result.stderr}\n${result.stdout}`.trim().split('\n')[0] || (result.timedOut ? 'it timed out' : `exit code ${result.exitCode}`);
  return { available: false, reason: `docker found at ${docker} but no engine answered: ${why}` };
}

export function createDockerDriver(options: { docker: string; image?: string }): SandboxDriver {
  const image = options.image ?? DEFAULT_DOCKER_IMAGE;
  return { name: 'docker', isolated: true, detail: `${options.docker}, image ${image}`, run: (cmd) => runInDocker(options.docker, image, cmd) };
}

async function runInDocker(docker: string, image: string, cmd: SandboxCommand): Promise<SandboxResult> {
  const workspace = await checkSandboxCommand(cmd, 'docker');
  if (workspace.includes(':')) {
    throw new SandboxError({ driver: 'docker', detail: `the workspace ${workspace} contains ":", which docker's -v cannot mount; move the project or use --driver bubblewrap` });
  }
  const limits = effectiveLimits(cmd);
  const name = `atelier-sandbox-${randomBytes(6).toString('hex')}`;
  const env = { ...buildSandboxEnv({ home: '/tmp', tmpdir: '/tmp', memoryMb: cmd.memoryMb, extra: cmd.env }), PATH: cmd.env?.PATH ?? CONTAINER_PATH };
  const user = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
  // Only what exists: docker would create a missing source as an empty root-owned folder.
  const readOnly = [STATE_DIR, CONFIG_FILE].filter((entry) => isRealEntry(path.join(workspace, entry)));
  const lent = cmd.readOnlyPaths ?? [];
  if (lent.some((folder) => folder.includes(':'))) {
    throw new SandboxError({ driver: 'docker', detail: `a read-only folder (${lent.join(', ')}) contains ":", which docker's -v cannot mount; move it or use --driver bubblewrap` });
  }
  const args = dockerRunArgs({ image, name, workspace, hasGit: existsSync(path.join(workspace, '.git')), readOnly, readOnlyPaths: lent, limits, user, env }, cmd.argv);
  const how = { processes: 'docker --pids-limit', memory: 'docker --memory', network: limits.network ? 'allowed' : 'blocked', disk: 'watchdog' } as const;
  return runSupervised({
    file: docker,
    args,
    cwd: workspace,
    env: dockerClientEnv(),
    timeoutMs: limits.timeoutMs,
    maxOutputBytes: limits.maxOutputBytes,
    maxTotalOutputBytes: limits.maxTotalOutputBytes,
    // The container's processes belong to the engine, not to our tree; only the disk is watched here.
    watch: { memoryBytes: Number.POSITIVE_INFINITY, maxProcesses: Number.POSITIVE_INFINITY, maxDiskBytes: limits.maxDiskBytes, diskPaths: [workspace] },
    exitStatusCarriesSignal: true,
    limitsReport: [`image: ${image}`, ...describeLimits(limits, how), describeProtection(true)],
    protect: { workspace, contents: false },
    // Killing the client does not stop the container; removing it by name does.
    cleanup: () => removeContainer(docker, name),
  });
}

async function removeContainer(docker: string, name: string): Promise<void> {
  try {
    await promisify(execFile)(docker, ['rm', '--force', name], { env: dockerClientEnv(), timeout: 15_000 });
  } catch (error) {
    // `--rm` usually removed it already; any other failure is worth reporting.
    const message = error instanceof Error ? error.message : String(error);
    if (!/No such container/i.test(message)) throw error;
  }
}

/** A file or folder itself, not a symlink, which docker would follow to wherever it points. */
function isRealEntry(file: string): boolean {
  try {
    const stats = lstatSync(file);
    return stats.isFile() || stats.isDirectory();
  } catch {
    return false;
  }
}

function dockerClientEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of CLIENT_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
