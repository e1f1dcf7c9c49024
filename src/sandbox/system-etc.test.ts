import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { etcMounts } from './system-etc.js';

let etc: string;

beforeEach(() => {
  etc = mkdtempSync(path.join(tmpdir(), 'atelier-etc-'));
  chmodSync(etc, 0o755);
});

afterEach(() => rmSync(etc, { recursive: true, force: true }));

function file(relative: string, mode = 0o644): void {
  mkdirSync(path.dirname(path.join(etc, relative)), { recursive: true });
  writeFileSync(path.join(etc, relative), relative);
  chmodSync(path.join(etc, relative), mode);
}

describe('etcMounts', () => {
  it('shows what a toolchain needs and nothing else: no shadow, sudoers, ssh keys or TLS private keys', () => {
    for (const name of ['hosts', 'resolv.conf', 'ld.so.cache', 'ssl/certs/ca.pem', 'ssl/openssl.cnf', 'ssl/private/key.pem', 'shadow', 'gshadow', 'sudoers', 'ssh/ssh_host_rsa_key', 'gitconfig', 'passwd']) file(name);
    mkdirSync(path.join(etc, 'alternatives'));
    const shown = etcMounts(etc).map((mount) => path.relative(etc, mount.path));
    expect(shown).toEqual(['hosts', 'resolv.conf', 'ld.so.cache', 'alternatives', 'ssl/certs', 'ssl/openssl.cnf']);
  });

  it('leaves out an allowed entry that is not readable by everyone: it is someone\'s secret, whatever its name', () => {
    file('pip.conf', 0o600);
    file('npmrc', 0o640);
    mkdirSync(path.join(etc, 'perl'), { mode: 0o700 });
    expect(etcMounts(etc)).toEqual([]);
  });

  it('matches the site folders of every python and java', () => {
    for (const name of ['python3', 'python3.11', 'java-17-openjdk', 'javascript']) mkdirSync(path.join(etc, name));
    expect(etcMounts(etc).map((mount) => path.relative(etc, mount.path))).toEqual(['python3', 'python3.11', 'java-17-openjdk']);
  });

  it('keeps a symlink into the system as a symlink, binds one pointing elsewhere as its target, and skips a dangling one', () => {
    const run = mkdtempSync(path.join(tmpdir(), 'atelier-run-'));
    try {
      writeFileSync(path.join(run, 'stub-resolv.conf'), 'nameserver 127.0.0.53\n');
      chmodSync(path.join(run, 'stub-resolv.conf'), 0o644);
      symlinkSync('/proc/mounts', path.join(etc, 'mtab'));
      symlinkSync(path.join(run, 'stub-resolv.conf'), path.join(etc, 'resolv.conf'));
      symlinkSync('/nonexistent/os-release', path.join(etc, 'os-release'));
      expect(etcMounts(etc)).toEqual([
        { kind: 'bind', path: path.join(etc, 'resolv.conf') },
        { kind: 'symlink', path: path.join(etc, 'mtab'), target: '/proc/mounts' },
      ]);
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
});

describe('etcMounts on this machine', () => {
  it('never includes the shadow files', () => {
    const shown = etcMounts().map((mount) => mount.path);
    expect(shown).not.toContain('/etc/shadow');
    expect(shown).not.toContain('/etc/gshadow');
    expect(shown.filter((file) => file.startsWith('/etc/ssh') || file.startsWith('/etc/ssl/private'))).toEqual([]);
  });
});
