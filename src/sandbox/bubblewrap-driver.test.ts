import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bubblewrapArgs, nodeRuntimeDirectories, SANDBOX_HOME, type HostEntry } from './bubblewrap-driver.js';
import type { EtcMount } from './system-etc.js';

/** A merged-/usr host: /bin and /lib are symlinks, /lib64 is absent, the workspace has a .git folder. */
function fakeHost(file: string): HostEntry {
  if (file === '/bin' || file === '/sbin' || file === '/lib') return { kind: 'symlink', target: `usr${file}` };
  if (file === '/usr' || file === '/work/app/.git' || file === '/work/app/.atelier') return { kind: 'directory' };
  if (file === '/work/app/atelier.config.yml') return { kind: 'file' };
  return { kind: 'missing' };
}

function pairsAfter(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [`${args[index + 1]} ${args[index + 2]}`] : []));
}

describe('bubblewrapArgs', () => {
  const etc: EtcMount[] = [
    { kind: 'bind', path: '/etc/hosts' },
    { kind: 'symlink', path: '/etc/os-release', target: '../usr/lib/os-release' },
  ];
  const layout = { workspace: '/work/app', network: false, readOnlyExtras: ['/opt/node/bin'], etc };

  it('unshares everything, the network included, runs as an unprivileged user and dies with Atelier', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(args.slice(0, 11)).toEqual(['--unshare-all', '--unshare-user', '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL', '--die-with-parent', '--new-session', '--ro-bind']);
    expect(args).not.toContain('--share-net');
    expect(bubblewrapArgs({ ...layout, network: true }, fakeHost)).toContain('--share-net');
  });

  it('keeps dropping every capability where user namespaces are not allowed', () => {
    const args = bubblewrapArgs({ ...layout, identity: 'caller' }, fakeHost);
    expect(args).not.toContain('--unshare-user');
    expect(args.slice(0, 3)).toEqual(['--unshare-all', '--cap-drop', 'ALL']);
  });

  it('as root: no user namespace (it would map the command onto host root), only the capabilities setpriv needs', () => {
    const args = bubblewrapArgs({ ...layout, identity: 'dropped-root' }, fakeHost);
    expect(args.slice(0, 13)).toEqual(['--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net', '--cap-drop', 'ALL', '--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP']);
    expect(args).not.toContain('--unshare-user');
    expect(args).not.toContain('--unshare-all');
    const networked = bubblewrapArgs({ ...layout, identity: 'dropped-root', network: true }, fakeHost);
    expect(networked).not.toContain('--unshare-net');
    expect(networked).not.toContain('--share-net');
  });

  it('limits the size of the private /tmp when asked to, and keeps it writable by anyone like a real /tmp', () => {
    expect(bubblewrapArgs({ ...layout, tmpBytes: 64 * 1024 * 1024 }, fakeHost).join(' ')).toContain(`--perms 1777 --size 67108864 --tmpfs /tmp`);
    expect(bubblewrapArgs(layout, fakeHost)).not.toContain('--size');
  });

  it('makes every missing parent of a mount point itself, open to all (bwrap would make it 0700 and root-owned)', () => {
    const args = bubblewrapArgs(layout, fakeHost).join(' ');
    expect(args).toContain('--perms 0755 --dir /etc --ro-bind /etc/hosts /etc/hosts');
    expect(args).toContain('--perms 0755 --dir /opt --perms 0755 --dir /opt/node --ro-bind /opt/node/bin /opt/node/bin');
    expect(args).toContain('--perms 0755 --dir /work --bind /work/app /work/app');
    expect(args.match(/--dir \/etc /g)).toHaveLength(1);
  });

  it('shows only the parts of /etc it is given, and the generated passwd and group over them', () => {
    const generatedFiles = [
      { source: '/tmp/x/passwd', destination: '/etc/passwd' },
      { source: '/tmp/x/group', destination: '/etc/group' },
    ];
    const args = bubblewrapArgs({ ...layout, generatedFiles }, fakeHost);
    expect(pairsAfter(args, '--ro-bind').filter((pair) => pair.includes('/etc'))).toEqual(['/etc/hosts /etc/hosts', '/tmp/x/passwd /etc/passwd', '/tmp/x/group /etc/group']);
    expect(pairsAfter(args, '--symlink')).toContain('../usr/lib/os-release /etc/os-release');
    expect(args).not.toContain('/etc/shadow');
  });

  it('shows the system read-only, keeping merged-/usr symlinks as symlinks', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(pairsAfter(args, '--ro-bind')).toEqual([
      '/usr /usr',
      '/etc/hosts /etc/hosts',
      '/opt/node/bin /opt/node/bin',
      '/work/app/.git /work/app/.git',
      '/work/app/.atelier /work/app/.atelier',
      '/work/app/atelier.config.yml /work/app/atelier.config.yml',
    ]);
    expect(pairsAfter(args, '--symlink')).toEqual(['usr/bin /bin', 'usr/sbin /sbin', 'usr/lib /lib', '../usr/lib/os-release /etc/os-release']);
    expect(args.join(' ')).not.toContain('/lib64');
  });

  it('makes the workspace the only writable host folder and the working directory, with .git read-only over it', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(pairsAfter(args, '--bind')).toEqual(['/work/app /work/app']);
    expect(args.indexOf('--ro-bind', args.indexOf('--bind'))).toBeGreaterThan(args.indexOf('--bind'));
    expect(args.slice(-4)).toEqual(['--remount-ro', '/', '--chdir', '/work/app']);
    expect(args.join(' ')).toContain(`--tmpfs /tmp --perms 0777 --dir ${SANDBOX_HOME}`);
  });

  it("keeps Atelier's state and configuration read-only over the workspace, only where they really exist", () => {
    const args = bubblewrapArgs(layout, fakeHost);
    const bind = args.indexOf('--bind');
    expect(args.indexOf('/work/app/.atelier')).toBeGreaterThan(bind);
    expect(args.indexOf('/work/app/atelier.config.yml')).toBeGreaterThan(bind);
    // Missing, or a symlink a bind would follow: left to the guard that removes what appears.
    const bare = (file: string): HostEntry => (file === '/work/app/atelier.config.yml' ? { kind: 'symlink', target: '/elsewhere' } : file.startsWith('/work/app/') ? { kind: 'missing' } : fakeHost(file));
    expect(bubblewrapArgs(layout, bare).join(' ')).not.toMatch(/\/work\/app\/(\.atelier|atelier\.config\.yml|\.git)/);
  });

  it('mounts no workspace for the trial run', () => {
    const args = bubblewrapArgs({ network: false, readOnlyExtras: [] }, fakeHost);
    expect(args).not.toContain('--bind');
    expect(args.slice(-2)).toEqual(['--chdir', '/']);
  });
});

describe('nodeRuntimeDirectories', () => {
  it('adds nothing for a node installed under /usr', () => {
    expect(nodeRuntimeDirectories('/usr/bin/node')).toEqual([]);
  });

  it('adds the binary folder and lib/node_modules of a node installed elsewhere, not its whole prefix', () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'atelier-node-prefix-'));
    try {
      mkdirSync(path.join(prefix, 'bin'));
      mkdirSync(path.join(prefix, 'lib', 'node_modules'), { recursive: true });
      writeFileSync(path.join(prefix, 'bin', 'node'), '');
      expect(nodeRuntimeDirectories(path.join(prefix, 'bin', 'node'))).toEqual([path.join(prefix, 'bin'), path.join(prefix, 'lib', 'node_modules')]);
      rmSync(path.join(prefix, 'lib'), { recursive: true });
      expect(nodeRuntimeDirectories(path.join(prefix, 'bin', 'node'))).toEqual([path.join(prefix, 'bin')]);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
