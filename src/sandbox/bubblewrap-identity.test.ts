import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { checkSandbox } from './sandbox-check.js';
import type { SandboxCommand } from './sandbox-driver.js';
import { ETC_ENTRIES } from './system-etc.js';

/**
 * Who the sandboxed command is on the host. As root, bwrap's user namespace maps the command onto
 * host root: every capability dropped, yet it still owns what root owns, so `/etc/shadow` (root,
 * 0640) and any root-only file were readable. Now root's sandbox runs as uid 65534 on the host,
 * sees only the parts of /etc a toolchain needs, and borrows the workspace for the command.
 */
const bubblewrap = await probeBubblewrap();
const bwrap = bubblewrap.available ? bubblewrap.bwrap : 'bwrap';
const asRoot = process.geteuid?.() === 0;
const skipNote = bubblewrap.available ? '' : ` (SKIPPED: ${bubblewrap.reason})`;

let workspace: string;

beforeEach(() => {
  workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-identity-')));
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

const node = (script: string, ...args: string[]): string[] => ['node', '-e', script, ...args];
const run = (argv: string[], extra: Partial<SandboxCommand> = {}) => createBubblewrapDriver(bwrap).run({ argv, cwd: workspace, timeoutMs: 15_000, ...extra });
const readEach = "for (const f of process.argv.slice(1)) { try { require('fs').readFileSync(f); console.log(f + ': read'); } catch (e) { console.log(f + ': ' + e.code); } }";

describe.runIf(bubblewrap.available)(`bubblewrap: the command's user on the host${skipNote}`, () => {
  it('cannot read /etc/shadow, and sees only the parts of /etc a toolchain needs', async () => {
    const result = await run(node(`${readEach}; console.log(JSON.stringify(require('fs').readdirSync('/etc')))`, '/etc/shadow', '/etc/gshadow', '/etc/ssh/sshd_config'));
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['/etc/shadow: ENOENT', '/etc/gshadow: ENOENT', '/etc/ssh/sshd_config: ENOENT']);
    const allowed = ETC_ENTRIES.map((entry) => entry.split('/')[0]!.replace(/\*$/, ''));
    const shown = JSON.parse(lines[3] ?? '[]') as string[];
    expect(shown.filter((name) => !['passwd', 'group'].includes(name) && !allowed.some((prefix) => name === prefix || name.startsWith(prefix)))).toEqual([]);
    expect(shown).toEqual(expect.arrayContaining(['passwd', 'group']));
  });

  it('has an account in its own /etc/passwd, so tools asking who they are get an answer', async () => {
    const result = await run(node("const u = require('os').userInfo(); console.log(u.uid, u.username, u.homedir)"));
    expect(result.stdout.trim()).toBe('65534 nobody /tmp/.atelier-home');
  });

  it.runIf(asRoot)('as root: cannot read a file only root may read, though it is mounted in', async () => {
    const secret = path.join(workspace, '.atelier', 'root-only.txt');
    mkdirSync(path.dirname(secret));
    writeFileSync(secret, 'root secret', { mode: 0o600 });
    const result = await run(node(readEach, secret));
    expect(result.stdout.trim()).toBe(`${secret}: EACCES`);
    expect(result.limitsReport?.join('\n')).toContain('user: uid 65534 (nobody) on the host, no capabilities');
  });

  it.runIf(asRoot)("as root: the probe catches what a user namespace alone leaves readable (the old way)", async () => {
    const report = await checkSandbox(createBubblewrapDriver(bwrap, { identity: 'user-namespace' }), { only: ['root-files'] });
    expect(report.protections[0]).toMatchObject({ status: 'failed', detail: expect.stringMatching(/the program read .*root-only\.txt/) });
    expect((await checkSandbox(createBubblewrapDriver(bwrap), { only: ['root-files'] })).protections[0]?.status).toBe('held');
  });

  it.runIf(asRoot)('as root: writes the workspace, and what it wrote comes back owned by Atelier, ready to commit', async () => {
    execFileSync('git', ['init', '--quiet'], { cwd: workspace });
    writeFileSync(path.join(workspace, 'existing.txt'), 'before\n');
    const foreign = path.join(workspace, 'foreign');
    mkdirSync(foreign);
    chownSync(foreign, 54321, 54321);
    const script = `
      const fs = require('fs');
      fs.appendFileSync('existing.txt', 'after\\n');
      fs.mkdirSync('made/deep', { recursive: true });
      fs.writeFileSync('made/deep/new.txt', 'new');
      fs.symlinkSync('/etc/hosts', 'made/link');
      fs.copyFileSync('/bin/true', 'made/setuid'); fs.chmodSync('made/setuid', 0o4755);
      console.log(fs.statSync('.').uid, process.getuid());`;
    const result = await run(node(script));
    // During the command the workspace is the sandbox user's; it writes as that user.
    expect(result.stdout.trim()).toBe('65534 65534');
    expect(readFileSync(path.join(workspace, 'existing.txt'), 'utf8')).toBe('before\nafter\n');
    for (const file of ['.', 'existing.txt', 'made', 'made/deep', 'made/deep/new.txt', 'made/link', 'made/setuid', '.git', '.git/config']) {
      const stats = lstatSync(path.join(workspace, file));
      expect([file, stats.uid, stats.gid]).toEqual([file, 0, 0]);
    }
    // Given back to root, a set-user-id file the command made loses that bit: it must not become root's.
    expect(statSync(path.join(workspace, 'made', 'setuid')).mode & 0o7777).toBe(0o755);
    // What belongs to someone else is neither lent nor taken; a link is changed itself, never what it points at.
    expect(statSync(foreign).uid).toBe(54321);
    expect(statSync('/etc/hosts').uid).toBe(0);
  });

  it.runIf(asRoot)('as root: commands running at once share the loan, so the first to finish does not lock out the other', async () => {
    const slow = run(node("setTimeout(() => { require('fs').writeFileSync('slow.txt', 'ok'); console.log('written') }, 1500)"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quick = await run(node("require('fs').writeFileSync('quick.txt', 'ok')"));
    expect(quick.exitCode).toBe(0);
    expect((await slow).stdout.trim()).toBe('written');
    expect(statSync(path.join(workspace, 'slow.txt')).uid).toBe(0);
  });

  it.runIf(asRoot)('as root: git inside the sandbox can still read the lent repository', async () => {
    execFileSync('git', ['init', '--quiet'], { cwd: workspace });
    writeFileSync(path.join(workspace, 'a.txt'), 'a\n');
    const result = await run(['git', 'status', '--porcelain']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('?? a.txt');
    expect(existsSync(path.join(workspace, '.git', 'index.lock'))).toBe(false);
  });
});
