import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bubblewrapArgs, nodeRuntimeDirectories, SANDBOX_HOME, type SandboxIdentity } from './bubblewrap-args.js';
import { checkSandboxCommand } from './check-command.js';
import { findExecutable } from './find-executable.js';
import { lendWorkspace } from './lent-workspace.js';
import { PidsCgroup } from './pids-cgroup.js';
import { CONFIG_FILE, describeProtection, STATE_DIR } from './protected-paths.js';
import { withResourceLimits } from './resource-limits.js';
import { runSupervised } from './run-supervised.js';
import type { DriverOptions, SandboxCommand, SandboxDriver, SandboxResult } from './sandbox-driver.js';
import { buildSandboxEnv, sandboxPath } from './sandbox-env.js';
import { describeLimits, effectiveLimits, MAX_TMPFS_BYTES, processEnforcement, processRlimitIsPerSandbox } from './sandbox-limits.js';
import { SandboxError } from './sandbox-error.js';
import { atelierIsRoot, dropToSandboxUser, enterWorkspace, findSetpriv, SANDBOX_GID, SANDBOX_UID, sandboxIdentityFiles } from './sandbox-user.js';
import { etcMounts } from './system-etc.js';

export { bubblewrapArgs, nodeRuntimeDirectories, SANDBOX_HOME, type BubblewrapLayout, type HostEntry, type SandboxIdentity } from './bubblewrap-args.js';
export { SANDBOX_UID } from './sandbox-user.js';

export type BubblewrapProbe = { available: true; bwrap: string; identity: SandboxIdentity } | { available: false; reason: string };

/** Options of one bubblewrap driver; the identity defaults to the safest this process can use. */
export interface BubblewrapOptions extends DriverOptions {
  identity?: SandboxIdentity;
}

/** Git inside sees the lent workspace owned by the sandbox user and its `.git` by root; it may still read it. */
const TRUST_LENT_WORKSPACE = '[safe]\n\tdirectory = *\n';

let probe: Promise<BubblewrapProbe> | undefined;

/** Finds `bwrap` and checks, once per process, that it can really start a sandbox here. */
export function probeBubblewrap(): Promise<BubblewrapProbe> {
  probe ??= runProbe();
  return probe;
}

/** The identities worth trying here, safest first. */
function candidateIdentities(): SandboxIdentity[] {
  if (!atelierIsRoot()) return ['user-namespace', 'caller'];
  // Without setpriv, root can only be mapped onto itself: isolated, but root's files stay readable (said in the report).
  return findSetpriv() === undefined ? ['user-namespace', 'caller'] : ['dropped-root', 'user-namespace', 'caller'];
}

async function runProbe(): Promise<BubblewrapProbe> {
  const bwrap = findExecutable('bwrap', [process.env.PATH ?? '', sandboxPath()].join(path.delimiter));
  if (bwrap === undefined) return { available: false, reason: 'bubblewrap not found' };
  // Containers and hardened kernels often forbid the namespaces bwrap needs; only a real run tells.
  // A setuid bwrap on a kernel without unprivileged user namespaces still isolates, as a non-root caller.
  let why = '';
  for (const identity of candidateIdentities()) {
    const setpriv = identity === 'dropped-root' ? findSetpriv() : undefined;
    const result = await runSupervised({
      file: bwrap,
      args: [...bubblewrapArgs({ network: false, readOnlyExtras: nodeRuntimeDirectories(), identity, etc: etcMounts() }), '--', ...(setpriv ? dropToSandboxUser(setpriv) : []), 'true'],
      cwd: '/',
      env: buildSandboxEnv({ home: SANDBOX_HOME, tmpdir: '/tmp' }),
      timeoutMs: 10_000,
    });
    if (result.exitCode === 0) return { available: true, bwrap, identity };
    why ||= result.stderr.trim().split('\n')[0] || (result.timedOut ? 'it timed out' : `exit code ${result.exitCode}`);
  }
  return { available: false, reason: `bubblewrap found at ${bwrap} but its trial run failed: ${why}` };
}

export function createBubblewrapDriver(bwrap: string, options: BubblewrapOptions = {}): SandboxDriver {
  return { name: 'bubblewrap', isolated: true, detail: bwrap, run: (cmd) => runInBubblewrap(bwrap, options, cmd) };
}

async function runInBubblewrap(bwrap: string, options: BubblewrapOptions, cmd: SandboxCommand): Promise<SandboxResult> {
  const workspace = await checkSandboxCommand(cmd, 'bubblewrap');
  const limits = effectiveLimits(cmd);
  const identity = options.identity ?? candidateIdentities()[0] ?? 'user-namespace';
  const setpriv = identity === 'dropped-root' ? findSetpriv() : undefined;
  if (identity === 'dropped-root' && setpriv === undefined) {
    throw new SandboxError({ driver: 'bubblewrap', detail: "setpriv (util-linux) was not found on the sandbox's PATH; it is needed to run the command as an unprivileged user when Atelier runs as root: install util-linux" });
  }
  const dropped = setpriv !== undefined;
  const env = buildSandboxEnv({ home: SANDBOX_HOME, tmpdir: '/tmp', memoryMb: cmd.memoryMb, extra: cmd.env });
  const userNamespace = identity === 'user-namespace';
  const limited = withResourceLimits(
    cmd.argv,
    // RLIMIT_NPROC counts per user: only a user namespace makes that the sandbox's own processes.
    { maxProcesses: userNamespace ? limits.maxProcesses : undefined, maxFileBytes: limits.maxFileBytes, cpuSeconds: limits.cpuSeconds },
    // Looked up on the sandbox's PATH, whose directories are all mounted inside.
    { prlimit: findExecutable('prlimit', sandboxPath()), shell: '/bin/sh' },
  );
  const command = setpriv ? [...dropToSandboxUser(setpriv), ...enterWorkspace(workspace), ...limited] : limited;
  const scratch = await mkdtemp(path.join(tmpdir(), 'atelier-bwrap-'));
  // The cgroup launcher runs outside, so bwrap and everything in the sandbox start inside the cgroup.
  const cgroup = options.pidsCgroup === false ? undefined : PidsCgroup.create(limits.maxProcesses);
  let giveBack: (() => Promise<void>) | undefined;
  try {
    const identityFiles = sandboxIdentityFiles(SANDBOX_HOME);
    const generated = [
      { name: 'passwd', destination: '/etc/passwd', content: identityFiles.passwd },
      { name: 'group', destination: '/etc/group', content: identityFiles.group },
      ...(dropped ? [{ name: 'gitconfig', destination: path.join(SANDBOX_HOME, '.gitconfig'), content: TRUST_LENT_WORKSPACE }] : []),
    ];
    await Promise.all(generated.map((file) => writeFile(path.join(scratch, file.name), file.content, { mode: 0o644 })));
    const layout = {
      workspace,
      network: limits.network,
      readOnlyExtras: [...nodeRuntimeDirectories(), ...(cmd.readOnlyPaths ?? [])],
      tmpBytes: Math.min(limits.maxDiskBytes, MAX_TMPFS_BYTES),
      identity,
      etc: etcMounts(),
      generatedFiles: generated.map((file) => ({ source: path.join(scratch, file.name), destination: file.destination })),
    };
    const [file = bwrap, ...args] = [...(cgroup?.launcher('/bin/sh') ?? []), bwrap, ...bubblewrapArgs(layout), '--', ...command];
    const how = { processes: processEnforcement(cgroup, processRlimitIsPerSandbox(userNamespace)), memory: 'watchdog', network: limits.network ? 'allowed' : 'blocked', disk: 'watchdog' } as const;
    if (dropped) giveBack = await lendWorkspace(workspace, { owner: { uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0 }, borrower: { uid: SANDBOX_UID, gid: SANDBOX_GID }, keep: ['.git', STATE_DIR, CONFIG_FILE] });
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
      limitsReport: [...describeLimits(limits, how), describeIdentity(identity), describeProtection(true)],
      protect: { workspace, contents: false },
    });
  } finally {
    await cgroup?.destroy();
    await rm(scratch, { recursive: true, force: true });
    // Last: if the workspace cannot be given back, that error is the one the caller must see.
    await giveBack?.();
  }
}

/** The report's line on who the command was, honest about the one weak case. */
function describeIdentity(identity: SandboxIdentity): string {
  if (identity === 'dropped-root') return `user: uid ${SANDBOX_UID} (nobody) on the host, no capabilities; the workspace was lent to it for the command and given back to Atelier`;
  if (identity === 'caller') return 'user: your own uid (this kernel allows no user namespace), no capabilities';
  if (atelierIsRoot()) return `user: uid ${SANDBOX_UID} in a user namespace mapped onto host root: no capabilities, but files only root may read stay readable (install util-linux for setpriv)`;
  return `user: uid ${SANDBOX_UID} in a user namespace, mapped to your own user; no capabilities`;
}
