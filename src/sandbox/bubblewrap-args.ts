import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, STATE_DIR } from './protected-paths.js';
import { SANDBOX_GID, SANDBOX_UID } from './sandbox-user.js';
import type { EtcMount } from './system-etc.js';

/** Mounted read-only when they exist; on merged-/usr systems some are symlinks, recreated as such. */
const SYSTEM_DIRECTORIES = ['/usr', '/bin', '/sbin', '/lib', '/lib64'];
/** Inside the sandbox's private /tmp, so it vanishes with the sandbox. */
export const SANDBOX_HOME = '/tmp/.atelier-home';

export type HostEntry = { kind: 'directory' } | { kind: 'file' } | { kind: 'symlink'; target: string } | { kind: 'missing' };

/**
 * Who the command is on the host:
 * - `user-namespace`: uid SANDBOX_UID in a user namespace, mapped to the caller (not root);
 * - `dropped-root`: Atelier is root, so no user namespace (it would map the command onto host
 *   root); bwrap keeps only the capabilities `setpriv` needs to make the command SANDBOX_UID;
 * - `caller`: the caller's own uid, where the kernel forbids user namespaces (a setuid bwrap).
 */
export type SandboxIdentity = 'user-namespace' | 'dropped-root' | 'caller';

export interface BubblewrapLayout {
  /** Mounted read-write at the same path and used as the working directory; none for the trial run. */
  workspace?: string;
  network: boolean;
  /** Host directories outside the system ones the command needs to see, such as node's own. */
  readOnlyExtras: string[];
  /** Size of the private /tmp, which lives in memory. */
  tmpBytes?: number;
  /** Default `user-namespace`. */
  identity?: SandboxIdentity;
  /** The parts of the host's /etc to show (see system-etc.ts). */
  etc?: EtcMount[];
  /** Files Atelier wrote for the sandbox (its /etc/passwd and /etc/group), bound read-only after everything else. */
  generatedFiles?: Array<{ source: string; destination: string }>;
}

/**
 * The bwrap options for one command: every namespace unshared (the network too, unless allowed),
 * an unprivileged user with every capability dropped, a read-only view of the system and of the
 * parts of /etc a toolchain needs, fresh /proc, /dev and a size-limited /tmp, and the workspace
 * as the only writable host folder. Its `.git` stays read-only, so a program cannot plant hooks or
 * config that Atelier's own git calls would later execute outside the sandbox; so do `.atelier`
 * (the run store, the project's roles and workflows) and `atelier.config.yml` (providers and
 * their URLs), which Atelier trusts.
 */
export function bubblewrapArgs(layout: BubblewrapLayout, inspect: (file: string) => HostEntry = inspectHostPath): string[] {
  const identity = layout.identity ?? 'user-namespace';
  const args = identity === 'dropped-root' ? ['--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try'] : ['--unshare-all'];
  if (identity === 'dropped-root' && !layout.network) args.push('--unshare-net');
  if (identity !== 'dropped-root' && layout.network) args.push('--share-net');
  // A user namespace made by root maps the command onto host root: no capability, but root's files.
  if (identity === 'user-namespace') args.push('--unshare-user', '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_GID));
  args.push('--cap-drop', 'ALL');
  // Only for setpriv, which drops them (bounding set included) before the command starts.
  if (identity === 'dropped-root') args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP');
  args.push('--die-with-parent', '--new-session');
  // bwrap makes missing parents of a mount point 0700, owned by whoever runs it: for root, a wall
  // the sandbox user cannot cross. Every parent is made first, readable by all.
  const made = new Set(['/']);
  const at = (destination: string, ...op: string[]): void => {
    const missing: string[] = [];
    for (let parent = path.dirname(destination); !made.has(parent); parent = path.dirname(parent)) missing.unshift(parent);
    for (const parent of missing) {
      args.push('--perms', '0755', '--dir', parent);
      made.add(parent);
    }
    args.push(...op);
    made.add(destination);
  };
  for (const directory of SYSTEM_DIRECTORIES) {
    const entry = inspect(directory);
    if (entry.kind === 'symlink') at(directory, '--symlink', entry.target, directory);
    else if (entry.kind === 'directory') at(directory, '--ro-bind', directory, directory);
  }
  for (const mount of layout.etc ?? []) {
    if (mount.kind === 'symlink') at(mount.path, '--symlink', mount.target, mount.path);
    else at(mount.path, '--ro-bind', mount.path, mount.path);
  }
  at('/proc', '--proc', '/proc');
  at('/dev', '--dev', '/dev');
  // World-writable like a real /tmp: the sandbox user does not own what bwrap creates as root.
  const size = layout.tmpBytes === undefined ? [] : ['--size', String(Math.max(1024 * 1024, Math.floor(layout.tmpBytes)))];
  at('/tmp', '--perms', '1777', ...size, '--tmpfs', '/tmp');
  at(SANDBOX_HOME, '--perms', '0777', '--dir', SANDBOX_HOME);
  // After the private /tmp, so a node installed under /tmp is not hidden by it.
  for (const extra of layout.readOnlyExtras) at(extra, '--ro-bind', extra, extra);
  for (const file of layout.generatedFiles ?? []) at(file.destination, '--ro-bind', file.source, file.destination);
  if (layout.workspace !== undefined) {
    at(layout.workspace, '--bind', layout.workspace, layout.workspace);
    for (const name of ['.git', STATE_DIR, CONFIG_FILE]) {
      // A symlink is left alone: binding over it would follow it; the run's guard checks what appears.
      const protectedPath = path.join(layout.workspace, name);
      const entry = inspect(protectedPath);
      if (entry.kind === 'directory' || entry.kind === 'file') args.push('--ro-bind', protectedPath, protectedPath);
    }
  }
  // Everything not mounted above lives on bwrap's own root tmpfs; making it read-only stops stray writes.
  // As root, bwrap has dropped the capability to enter a 0700 workspace lent to the sandbox user:
  // the command enters it itself, once it is that user (see enterWorkspace).
  args.push('--remount-ro', '/', '--chdir', identity === 'dropped-root' ? '/' : (layout.workspace ?? '/'));
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
  return [...SYSTEM_DIRECTORIES, '/etc'].some((system) => candidate === system || candidate.startsWith(`${system}/`));
}
