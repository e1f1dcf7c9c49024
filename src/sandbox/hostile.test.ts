import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { createPlainDriver } from './plain-driver.js';
import { processesWithArgument } from './process-table.js';
import type { SandboxCommand, SandboxDriver } from './sandbox-driver.js';
import { checkSandbox } from './sandbox-check.js';

/**
 * Hostile programs, as a model might write them, each run on every driver. Every script caps
 * itself (children, bytes written, memory), so a limit that fails cannot harm the machine.
 */
const bubblewrap = await probeBubblewrap();
const skipNote = bubblewrap.available ? '' : ` (SKIPPED: ${bubblewrap.reason})`;
const bwrap = bubblewrap.available ? bubblewrap.bwrap : 'bwrap';
const variants: Array<{ label: string; isolated: boolean; available: boolean; make: () => SandboxDriver }> = [
  { label: `bubblewrap${skipNote}`, isolated: true, available: bubblewrap.available, make: () => createBubblewrapDriver(bwrap) },
  { label: 'plain', isolated: false, available: true, make: () => createPlainDriver('hostile test') },
  // Where no pids cgroup can be made (most non-root users): the watchdog and the environment marker do the work.
  { label: 'plain without a pids cgroup', isolated: false, available: true, make: () => createPlainDriver('hostile test', { pidsCgroup: false }) },
];

const API_KEY = 'sk-hostile-test-0123456789abcdef';
let base: string;
let workspace: string;
let outside: string;
let fakeHome: string;
let server: Server;
let port = 0;
const savedHome = process.env.HOME;

beforeAll(async () => {
  server = createServer((socket) => socket.end('hello from the host\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-hostile-')));
  workspace = path.join(base, 'workspace');
  outside = path.join(base, 'outside');
  fakeHome = path.join(base, 'home');
  for (const folder of [workspace, outside, path.join(fakeHome, '.ssh')]) mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(fakeHome, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY----- hostile-test-key');
  process.env.OPENAI_API_KEY = API_KEY;
  process.env.HOME = fakeHome;
});

afterEach(() => {
  delete process.env.OPENAI_API_KEY;
  process.env.HOME = savedHome;
  rmSync(base, { recursive: true, force: true });
});

const node = (script: string, ...args: string[]): string[] => ['node', '-e', script, ...args];
const uniqueSleep = (): string => `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

function folderBytes(folder: string): number {
  return readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
}

describe.each(variants)('hostile programs on $label', ({ isolated, available, make }) => {
  const run = (argv: string[], extra: Partial<SandboxCommand> = {}) => make().run({ argv, cwd: workspace, timeoutMs: 15_000, ...extra });
  const onlyIsolated = it.runIf(available && isolated);
  const onlyPlain = it.runIf(available && !isolated);

  it.runIf(available)('cannot read an API key from its environment', async () => {
    const result = await run(node('console.log(JSON.stringify(process.env))'));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain(API_KEY);
    expect(JSON.parse(result.stdout)).not.toHaveProperty('OPENAI_API_KEY');
  });

  it.runIf(available)('has a home of its own, not the user\'s ~/.ssh', async () => {
    const result = await run(node("try { console.log(require('fs').readFileSync(require('os').homedir() + '/.ssh/id_rsa', 'utf8')) } catch (e) { console.log(e.code) }"));
    expect(result.stdout.trim()).toBe('ENOENT');
  });

  onlyIsolated('cannot read ~/.ssh by its absolute path, nor a file beside the workspace', async () => {
    const script = "for (const f of process.argv.slice(1)) { try { console.log(require('fs').readFileSync(f, 'utf8')) } catch (e) { console.log(e.code) } }";
    writeFileSync(path.join(outside, 'notes.txt'), 'outside-secret');
    const result = await run(node(script, path.join(fakeHome, '.ssh', 'id_rsa'), path.join(outside, 'notes.txt')));
    expect(result.stdout.trim().split('\n')).toEqual(['ENOENT', 'ENOENT']);
  });

  onlyIsolated('cannot write outside the workspace by .., an absolute path or a symlink', async () => {
    const script = `
      const fs = require('fs');
      const attempt = (f) => { try { fs.writeFileSync(f, 'owned'); return 'written'; } catch (e) { return e.code; } };
      fs.symlinkSync(process.argv[2], 'link-out');
      console.log(JSON.stringify([attempt('../dotdot.txt'), attempt(process.argv[1]), attempt('link-out/symlink.txt')]));`;
    const result = await run(node(script, path.join(outside, 'absolute.txt'), outside));
    expect(existsSync(path.join(base, 'dotdot.txt'))).toBe(false);
    expect(readdirSync(outside)).toEqual([]);
    // `..` lands in the sandbox's own throw-away /tmp; the other two are refused outright.
    expect(JSON.parse(result.stdout).slice(1)).toEqual(['ENOENT', 'ENOENT']);
  });

  onlyIsolated('cannot reach a server on the host', async () => {
    const script = "const s = require('net').connect(Number(process.argv[1]), '127.0.0.1'); s.on('data', () => { console.log('connected'); s.destroy(); }); s.on('error', (e) => console.log(e.code));";
    const result = await run(node(script, String(port)));
    expect(result.stdout.trim()).not.toBe('connected');
  });

  onlyIsolated('cannot read the environment of Atelier\'s own process', async () => {
    const standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { env: { OPENAI_API_KEY: API_KEY }, stdio: 'ignore' });
    try {
      const result = await run(node("try { console.log(require('fs').readFileSync('/proc/' + process.argv[1] + '/environ', 'utf8')) } catch (e) { console.log(e.code) }", String(standIn.pid)));
      expect(result.stdout).not.toContain(API_KEY);
    } finally {
      standIn.kill('SIGKILL');
    }
  });

  onlyPlain('reports honestly what it cannot contain: files outside, the network, other processes, root', async () => {
    const report = await checkSandbox(make(), { only: ['atelier-process', 'home-files', 'write-dotdot', 'write-absolute', 'write-symlink', 'network', 'privileges'] });
    const status = Object.fromEntries(report.protections.map((p) => [p.id, p.status]));
    expect(status).toMatchObject({ 'atelier-process': 'not-provided', 'home-files': 'not-provided', 'write-dotdot': 'not-provided', 'write-absolute': 'not-provided', 'write-symlink': 'not-provided', network: 'not-provided' });
    // Root keeps every capability in a plain process; anyone else has none to lose.
    expect(status.privileges).toBe(process.getuid?.() === 0 ? 'not-provided' : 'held');
    expect(report.ok).toBe(true);
    expect(make().warning).toMatch(/can read your files and use the network/);
  });

  /** A project as Atelier leaves it: its run store, a role of its own and its configuration. */
  function atelierProject(): { store: string; role: string; config: string } {
    const store = path.join(workspace, '.atelier', 'atelier.db');
    const role = path.join(workspace, '.atelier', 'roles', 'engineer.yaml');
    const config = path.join(workspace, 'atelier.config.yml');
    mkdirSync(path.dirname(role), { recursive: true });
    writeFileSync(store, 'run plan: driver bubblewrap');
    writeFileSync(role, 'id: engineer');
    writeFileSync(config, 'providers: {}');
    return { store, role, config };
  }
  const tamper = `
    const fs = require('fs');
    const attempt = (f, text) => { try { fs.writeFileSync(f, text); return 'written'; } catch (e) { return e.code; } };
    console.log(JSON.stringify([
      attempt('atelier.config.yml', 'providers: { openrouter: { base_url: "http://attacker.example" } }'),
      attempt('.atelier/roles/engineer.yaml', 'id: evil'),
      attempt('.atelier/roles/planted.yaml', 'id: planted'),
      attempt('.atelier/atelier.db', 'run plan: driver plain'),
    ]));`;

  onlyIsolated("cannot change Atelier's configuration, its roles or its run store", async () => {
    const { store, role, config } = atelierProject();
    const result = await run(node(tamper));
    expect(JSON.parse(result.stdout)).toEqual(['EROFS', 'EROFS', 'EROFS', 'EROFS']);
    expect([readFileSync(config, 'utf8'), readFileSync(role, 'utf8'), readFileSync(store, 'utf8')]).toEqual(['providers: {}', 'id: engineer', 'run plan: driver bubblewrap']);
    expect(existsSync(path.join(workspace, '.atelier', 'roles', 'planted.yaml'))).toBe(false);
    expect(result.tampered).toBeUndefined();
  });

  onlyPlain("puts Atelier's configuration and roles back, and says the run store is not protected", async () => {
    const { store, role, config } = atelierProject();
    const result = await run(node(tamper));
    expect(JSON.parse(result.stdout)).toEqual(['written', 'written', 'written', 'written']);
    expect([readFileSync(config, 'utf8'), readFileSync(role, 'utf8')]).toEqual(['providers: {}', 'id: engineer']);
    expect(existsSync(path.join(workspace, '.atelier', 'roles', 'planted.yaml'))).toBe(false);
    expect(result.tampered).toEqual(['atelier.config.yml', path.join('.atelier', 'roles')]);
    expect(result.limitsReport?.join('\n')).toMatch(/protected: the command changed atelier\.config\.yml, Atelier's own configuration; it was put back/);
    // The honest limit: Atelier writes the store itself while the command runs, so it is not put back.
    expect(readFileSync(store, 'utf8')).toBe('run plan: driver plain');
    expect(result.limitsReport).toContain('atelier state: atelier.config.yml and .atelier/{roles,workflows,templates} put back after the command; the run store in .atelier is NOT protected (no isolation)');
    const report = await checkSandbox(make(), { only: ['config', 'store'] });
    expect(Object.fromEntries(report.protections.map((p) => [p.id, p.status]))).toEqual({ config: 'held', store: 'not-provided' });
  });

  it.runIf(available)('cannot leave behind an atelier.config.yml or a .atelier folder that did not exist', async () => {
    const script = `
      const fs = require('fs');
      fs.writeFileSync('atelier.config.yml', 'providers: { openrouter: { base_url: "http://attacker.example" } }');
      fs.mkdirSync('.atelier/workflows', { recursive: true });
      fs.writeFileSync('.atelier/workflows/standard.yaml', 'id: standard');
      fs.writeFileSync('kept.txt', 'ordinary output');
      console.log('planted');`;
    const result = await run(node(script));
    expect(result.stdout.trim()).toBe('planted');
    expect(readdirSync(workspace)).toEqual(['kept.txt']);
    expect(result.tampered).toEqual(['atelier.config.yml', '.atelier']);
  });

  it.runIf(available)('stops a fork bomb at the process limit and leaves none of its children', async () => {
    const marker = uniqueSleep();
    const script = `
      const { spawn } = require('child_process');
      for (let i = 0; i < 300; i++) { try { spawn('sleep', [process.argv[1]], { stdio: 'ignore' }).on('error', () => {}); } catch {} }
      setTimeout(() => console.log('survived'), 3000);`;
    const result = await run(node(script, marker), { maxProcesses: 40 });
    expect(result.killedBy).toBe('processes');
    expect(result.durationMs).toBeLessThan(5_000);
    expect(result.limitsReport?.join('\n')).toMatch(/stopped \(processes\): reached the limit of 40/);
    expect(processesWithArgument(marker)).toEqual([]);
  });

  it.runIf(available)('stops an endless loop by the wall clock, and a CPU hog by its CPU time', async () => {
    // The CPU limit defaults to the timeout; a generous one here makes the wall clock the limit under test.
    const loop = await run(node('while (true) {}'), { timeoutMs: 1_000, cpuSeconds: 60 });
    expect(loop).toMatchObject({ killedBy: 'timeout', timedOut: true });
    expect(loop.durationMs).toBeLessThan(4_000);
    const hog = await run(node('while (true) {}'), { timeoutMs: 15_000, cpuSeconds: 1 });
    expect(hog.killedBy).toBe('cpu');
    expect(hog.durationMs).toBeLessThan(6_000);
  });

  it.runIf(available)('stops a memory hog that allocates outside node\'s heap', async () => {
    const script = "const a = []; for (let i = 0; i < 32; i++) a.push(Buffer.alloc(32 * 1024 * 1024, 1)); console.log('survived')";
    const result = await run(node(script), { memoryMb: 200 });
    expect(result.killedBy).toBe('memory');
    expect(result.stdout).not.toContain('survived');
  });

  it.runIf(available)('stops a disk filler: one huge file, then many small ones', async () => {
    // Capped at 200 MB by the script, so a failed limit cannot fill the real disk.
    const script = `
      const fs = require('fs');
      try { fs.writeFileSync('huge', Buffer.alloc(24 * 1024 * 1024, 1)); console.log('huge:written'); } catch (e) { console.log('huge:' + e.code); }
      for (let i = 0; i < 50; i++) fs.writeFileSync('fill-' + i, Buffer.alloc(4 * 1024 * 1024, 1));
      console.log('filled');`;
    const result = await run(node(script), { maxFileBytes: 8 * 1024 * 1024, maxDiskBytes: 48 * 1024 * 1024 });
    expect(result.stdout).toContain('huge:EFBIG');
    expect(result.stdout).not.toContain('filled');
    expect(result.killedBy).toBe('disk');
    expect(folderBytes(workspace)).toBeLessThan(200 * 1024 * 1024);
  });

  it.runIf(available)('does not stop an innocent command when something else fills the same disk', async () => {
    const elsewhere = path.join(workspace, '..', `unrelated-${process.pid}.bin`);
    const running = run(node('setTimeout(() => console.log("slept"), 1500)'), { maxDiskBytes: 16 * 1024 * 1024 });
    // 64 MB written next to the workspace by another program, while the command sleeps.
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(elsewhere, Buffer.alloc(64 * 1024 * 1024, 1));
    const result = await running;
    rmSync(elsewhere, { force: true });
    expect(result.killedBy).toBeUndefined();
    expect(result.stdout).toContain('slept');
  });

  onlyIsolated('keeps its private /tmp to the disk allowance', async () => {
    const script = "const fs = require('fs'); let n = 0; try { for (; n < 50; n++) fs.writeFileSync('/tmp/fill-' + n, Buffer.alloc(4 * 1024 * 1024, 1)); } catch (e) { console.log(e.code + ' after ' + n); }";
    const result = await run(node(script), { maxDiskBytes: 16 * 1024 * 1024 });
    // Whichever comes first: the private /tmp is full, or the watchdog counted the allowance written.
    expect(result.killedBy === 'disk' || /^ENOSPC after [0-4]$/m.test(result.stdout)).toBe(true);
    expect(result.stdout).not.toMatch(/after ([5-9]|\d\d)/);
  });

  it.runIf(available)('kills a daemon it leaves behind, even one that detached into its own session', async () => {
    const marker = uniqueSleep();
    const script = "require('child_process').spawn('sleep', [process.argv[1]], { detached: true, stdio: 'ignore' }).unref(); console.log('left running')";
    const result = await run(node(script, marker));
    expect(result.stdout.trim()).toBe('left running');
    expect(processesWithArgument(marker)).toEqual([]);
  });

  it.runIf(available)('keeps 1 MiB of 100 MB of output and stops the flood', async () => {
    const result = await run(node('const c = Buffer.alloc(1024 * 1024, 120); for (let i = 0; i < 100; i++) process.stdout.write(c)'));
    expect(result.stdout.length).toBe(1024 * 1024);
    expect(result).toMatchObject({ outputTruncated: true, killedBy: 'output' });
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it.runIf(available)('passes a hostile file name as one argument: no shell ever parses it', async () => {
    const hostile = 'x; touch pwned-semicolon $(touch pwned-subshell) `touch pwned-backtick`';
    const result = await run(node('console.log(process.argv[1])', hostile));
    expect(result.stdout.trim()).toBe(hostile);
    expect(readdirSync(workspace)).toEqual([]);
  });
});

describe.runIf(bubblewrap.available)(`bubblewrap privileges${skipNote}`, () => {
  it('runs the command as an unprivileged user with no capabilities, even when Atelier is root', async () => {
    const script = "const s = require('fs').readFileSync('/proc/self/status', 'utf8'); console.log(/^Uid:\\s+(\\d+)/m.exec(s)[1], /^CapEff:\\s+(\\w+)/m.exec(s)[1])";
    const result = await createBubblewrapDriver(bwrap).run({ argv: node(script), cwd: workspace, timeoutMs: 15_000 });
    expect(result.stdout.trim()).toBe('65534 0000000000000000');
  });
});

describe('plain driver without a pids cgroup: the honest limit', () => {
  it('cannot find a daemon that clears its environment and detaches; the check says where cgroups are missing', async () => {
    const marker = uniqueSleep();
    const script = "require('child_process').spawn('sleep', [process.argv[1]], { detached: true, stdio: 'ignore', env: {} }).unref()";
    await createPlainDriver('hostile test', { pidsCgroup: false }).run({ argv: node(script, marker), cwd: workspace, timeoutMs: 15_000 });
    // Usually it survives; a watchdog sample can still catch it in the tree, so only clean up here.
    for (const pid of processesWithArgument(marker)) process.kill(pid, 'SIGKILL');
    const report = await checkSandbox(createPlainDriver('hostile test', { pidsCgroup: false }), { only: ['daemon'] });
    expect(report.protections[0]?.detail).toMatch(/one that also clears its environment could survive/);
  });
});
