import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { checkSandboxCommand } from './check-command.js';
import { findExecutable } from './find-executable.js';
import { PidsCgroup } from './pids-cgroup.js';
import { CONFIG_FILE, describeProtection, STATE_DIR } from './protected-paths.js';
import { withResourceLimits } from './resource-limits.js';
import { runSupervised } from './run-supervised.js';
import type { DriverOptions, SandboxCommand, SandboxDriver, SandboxResult } from './sandbox-driver.js';
import { buildSandboxEnv, sandboxPath } from './sandbox-env.js';
import { describeLimits, effectiveLimits, MAX_TMPFS_BYTES, processEnforcement, processRlimitIsPerSandbox } from './sandbox-limits.js';

/** Mounted read-only when they exist; on merged-/usr systems some are symlinks, recreated as such. */
const SYSTEM_DIRECTORIES = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/etc'];
/** Inside the sandbox's private /tmp, so it vanishes with the sandbox. */
export const SANDBOX_HOME = '/tmp/.atelier-home';

export type HostEntry = { kind: 'directory' } | { kind: 'file' } | { kind: 'symlink'; target: string } | { kind: 'missing' };

/** The unprivileged user the command runs as inside, with no capabilities, even when Atelier runs as root. */
export const SANDBOX_UID = 65534;

export interface BubblewrapLayout {
  /** Mounted read-write at the same path and used as the working directory; none for the trial run. */
  workspace?: string;
  network: boolean;
  /** Host directories outside the system ones the command needs to see, such as node's own. */
  readOnlyExtras: string[];
  /** Size of the private /tmp, which lives in memory. */
  tmpBytes?: number;
  /** Run as SANDBOX_UID in a user namespace; off only where the kernel forbids user namespaces. */
  userNamespace?: boolean;
}

/**
 * The bwrap options for one command: every namespace unshared (the network too, unless allowed),
 * an unprivileged user with every capability dropped, a read-only view of the system, fresh
 * /proc, /dev and a size-limited /tmp, and the workspace as the only writable host folder. Its
 * `.git` stays read-only, so a program cannot plant hooks or config that Atelier's own git calls
 * would later execute outside the sandbox; so do `.atelier` (the run store, the project's roles
 * and workflows) and `atelier.config.yml` (providers and their URLs), which Atelier trusts.
 */
export function bubblewrapArgs(layout: BubblewrapLayout, inspect: (file: string) => HostEntry = inspectHostPath): string[] {
  const args = ['--unshare-all'];
  if (layout.network) args.push('--share-net');
  // Without a user namespace, bwrap started by root leaves the command root with nearly every
  // capability, enough to mknod and mount the host's disk.
  if (layout.userNamespace !== false) args.push('--unshare-user', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID));
  args.push('--cap-drop', 'ALL', '--die-with-parent', '--new-session');
  for (const directory of SYSTEM_DIRECTORIES) {
    const entry = inspect(directory);
    if (entry.kind === 'symlink') args.push('--symlink', entry.target, directory);
    else if (entry.kind === 'directory') args.push('--ro-bind', directory, directory);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  if (layout.tmpBytes !== undefined) args.push('--size', String(Math.max(1024 * 1024, Math.floor(layout.tmpBytes))));
  args.push('--tmpfs', '/tmp', '--dir', SANDBOX_HOME);
  // After the private /tmp, so a node installed under /tmp is not hidden by it.
  for (const extra of layout.readOnlyExtras) args.push('--ro-bind', extra, extra);
  if (layout.workspace !== undefined) {
    args.push('--bind', layout.workspace, layout.workspace);
    for (const name of ['.git', STATE_DIR, CONFIG_FILE]) {
      // A symlink is left alone: binding over it would follow it; the run's guard checks what appears.
      const protectedPath = path.join(layout.workspace, name);
      const entry = inspect(protectedPath);
      if (entry.kind === 'directory' || entry.kind === 'file') args.push('--ro-bind', protectedPath, protectedPath);
    }
  }
  // Everything not mounted above lives on bwrap's own root tmpfs; making it read-only stops stray writes.
  args.push('--remount-ro', '/', '--chdir', layout.workspace ?? '/');
  return args;
}

/**
 * Where node lives when it is not under the system directories (nvm, a tarball in /opt): the
 * directory of the binary and the `lib/node_modules` beside it (npm, npx). Not the whole prefix,
 * which for some installs is the user's home folder.
 */
export function nodeRuntimeDirectories(nodeBinary: string = process.execPath): string[] {
  const binaries = [nodeBinary];
  try {
    binaries.push(realpathSync(nodeBinary));
  } catch {
    // keep the path as given
  }
  const directories = new Set<string>();
  for (const binary of binaries) {
    const binDirectory = path.dirname(binary);
    for (const candidate of [binDirectory, path.join(path.dirname(binDirectory), 'lib', 'node_modules')]) {
      if (!isUnderSystemDirectory(candidate) && existsSync(candidate)) directories.add(candidate);
    }
  }
  return [...directories];
}

export type BubblewrapProbe = { available: true; bwrap: string; userNamespace: boolean } | { available: false; reason: string };

let probe: Promise<BubblewrapProbe> | undefined;

/** Finds `bwrap` and checks, once per process, that it can really start a sandbox here. */
export function probeBubblewrap(): Promise<BubblewrapProbe> {
  probe ??= runProbe();
  return probe;
}

async function runProbe(): Promise<BubblewrapProbe> {
  const bwrap = findExecutable('bwrap', [process.env.PATH ?? '', sandboxPath()].join(path.delimiter));
  if (bwrap === undefined) return { available: false, reason: 'bubblewrap not found' };
  // Containers and hardened kernels often forbid the namespaces bwrap needs; only a real run tells.
  // A setuid bwrap on a kernel without unprivileged user namespaces still isolates, as a non-root caller.
  let why = '';
  for (const userNamespace of [true, false]) {
    const result = await runSupervised({
      file: bwrap,
      args: [...bubblewrapArgs({ network: false, readOnlyExtras: nodeRuntimeDirectories(), userNamespace }), '--', 'true'],
      cwd: '/',
      env: buildSandboxEnv({ home: SANDBOX_HOME, tmpdir: '/tmp' }),
      timeoutMs: 10_000,
    });
    if (result.exitCode === 0) return { available: true, bwrap, userNamespace };
    why ||= result.stderr.trim().split('\n')[0] || (result.timedOut ? 'it timed out' : `exit code ${result.exitCode}`);
  }
  return { available: false, reason: `bubblewrap found at ${bwrap} but its trial run failed: ${why}` };
}

export function createBubblewrapDriver(bwrap: string, options: DriverOptions & { userNamespace?: boolean } = {}): SandboxDriver {
  return { name: 'bubblewrap', isolated: true, detail: bwrap, run: (cmd) => runInBubblewrap(bwrap, options, cmd) };
}

async function runInBubblewrap(bwrap: string, options: DriverOptions & { userNamespace?: boolean }, cmd: SandboxCommand): Promise<SandboxResult> {
  const workspace = await checkSandboxCommand(cmd, 'bubblewrap');
  const limits = effectiveLimits(cmd);
  const env = buildSandboxEnv({ home: SANDBOX_HOME, tmpdir: '/tmp', memoryMb: cmd.memoryMb, extra: cmd.env });
  const userNamespace = options.userNamespace !== false;
  const command = withResourceLimits(
    cmd.argv,
    { maxProcesses: userNamespace ? limits.maxProcesses : undefined, maxFileBytes: limits.maxFileBytes, cpuSeconds: limits.cpuSeconds },
    // Looked up on the sandbox's PATH, whose directories are all mounted inside.
    { prlimit: findExecutable('prlimit', sandboxPath()), shell: '/bin/sh' },
  );
  const layout = {
    workspace,
    network: limits.network,
    readOnlyExtras: nodeRuntimeDirectories(),
    tmpBytes: Math.min(limits.maxDiskBytes, MAX_TMPFS_BYTES),
    userNamespace,
  };
  // The cgroup launcher runs outside, so bwrap and everything in the sandbox start inside the cgroup.
  const cgroup = options.pidsCgroup === false ? undefined : PidsCgroup.create(limits.maxProcesses);
  const [file = bwrap, ...args] = [...(cgroup?.launcher('/bin/sh') ?? []), bwrap, ...bubblewrapArgs(layout), '--', ...command];
  const how = { processes: processEnforcement(cgroup, processRlimitIsPerSandbox(userNamespace)), memory: 'watchdog', network: limits.network ? 'allowed' : 'blocked', disk: 'watchdog' } as const;
  try {
    return await runSupervised({
      file,
      args,
      cwd: workspace,
      env,
      timeoutMs: limits.timeoutMs,
      maxOutputBytes: limits.maxOutputBytes,
      maxTotalOutputBytes: limits.maxTotalOutputBytes,
      watch: { memoryBytes: limits.memoryMb * 1024 * 1024, maxProcesses: limits.maxProcesses, maxDiskBytes: limits.maxDiskBytes, diskPaths: [workspace] },
      cgroup,
      exitStatusCarriesSignal: true,
      limitsReport: [...describeLimits(limits, how), describeProtection(true)],
      protect: { workspace, contents: false },
    });
  } finally {
    await cgroup?.destroy();
  }
}

function inspectHostPath(file: string): HostEntry {
  try {
    const stats = lstatSync(file);
    if (stats.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(file) };
    return stats.isDirectory() ? { kind: 'directory' } : { kind: 'file' };
  } catch {
    return { kind: 'missing' };
  }
}

function isUnderSystemDirectory(candidate: string): boolean {
  return SYSTEM_DIRECTORIES.some((system) => candidate === system || candidate.startsWith(`${system}/`));
}
