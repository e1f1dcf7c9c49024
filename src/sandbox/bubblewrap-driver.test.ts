import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bubblewrapArgs, nodeRuntimeDirectories, SANDBOX_HOME, type HostEntry } from './bubblewrap-driver.js';

/** A merged-/usr host: /bin and /lib are symlinks, /lib64 is absent, the workspace has a .git folder. */
function fakeHost(file: string): HostEntry {
  if (file === '/bin' || file === '/sbin' || file === '/lib') return { kind: 'symlink', target: `usr${file}` };
  if (file === '/usr' || file === '/etc' || file === '/work/app/.git' || file === '/work/app/.atelier') return { kind: 'directory' };
  if (file === '/work/app/atelier.config.yml') return { kind: 'file' };
  return { kind: 'missing' };
}

function pairsAfter(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [`${args[index + 1]} ${args[index + 2]}`] : []));
}

describe('bubblewrapArgs', () => {
  const layout = { workspace: '/work/app', network: false, readOnlyExtras: ['/opt/node/bin'] };

  it('unshares everything, the network included, runs as an unprivileged user and dies with Atelier', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(args.slice(0, 11)).toEqual(['--unshare-all', '--unshare-user', '--uid', '65534', '--gid', '65534', '--cap-drop', 'ALL', '--die-with-parent', '--new-session', '--ro-bind']);
    expect(args).not.toContain('--share-net');
    expect(bubblewrapArgs({ ...layout, network: true }, fakeHost)).toContain('--share-net');
  });

  it('keeps dropping every capability where user namespaces are not allowed', () => {
    const args = bubblewrapArgs({ ...layout, userNamespace: false }, fakeHost);
    expect(args).not.toContain('--unshare-user');
    expect(args.slice(0, 3)).toEqual(['--unshare-all', '--cap-drop', 'ALL']);
  });

  it('limits the size of the private /tmp when asked to', () => {
    expect(bubblewrapArgs({ ...layout, tmpBytes: 64 * 1024 * 1024 }, fakeHost).join(' ')).toContain(`--size 67108864 --tmpfs /tmp`);
    expect(bubblewrapArgs(layout, fakeHost)).not.toContain('--size');
  });

  it('shows the system read-only, keeping merged-/usr symlinks as symlinks', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(pairsAfter(args, '--ro-bind')).toEqual([
      '/usr /usr',
      '/etc /etc',
      '/opt/node/bin /opt/node/bin',
      '/work/app/.git /work/app/.git',
      '/work/app/.atelier /work/app/.atelier',
      '/work/app/atelier.config.yml /work/app/atelier.config.yml',
    ]);
    expect(pairsAfter(args, '--symlink')).toEqual(['usr/bin /bin', 'usr/sbin /sbin', 'usr/lib /lib']);
    expect(args.join(' ')).not.toContain('/lib64');
  });

  it('makes the workspace the only writable host folder and the working directory, with .git read-only over it', () => {
    const args = bubblewrapArgs(layout, fakeHost);
    expect(pairsAfter(args, '--bind')).toEqual(['/work/app /work/app']);
    expect(args.indexOf('--ro-bind', args.indexOf('--bind'))).toBeGreaterThan(args.indexOf('--bind'));
    expect(args.slice(-4)).toEqual(['--remount-ro', '/', '--chdir', '/work/app']);
    expect(args.join(' ')).toContain(`--tmpfs /tmp --dir ${SANDBOX_HOME}`);
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
