import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { createPlainDriver } from './plain-driver.js';
import { SandboxError } from './sandbox-error.js';
import { detectSandbox, type SandboxDriver } from './sandbox.js';

const bubblewrap = await probeBubblewrap();
const bubblewrapSkipNote = bubblewrap.available ? '' : ` (SKIPPED: ${bubblewrap.reason}; install the bubblewrap package)`;
const drivers: Array<[string, () => SandboxDriver, boolean]> = [
  ['plain', () => createPlainDriver(), true],
  [`bubblewrap${bubblewrapSkipNote}`, () => createBubblewrapDriver(bubblewrap.available ? bubblewrap.bwrap : 'bwrap'), bubblewrap.available],
];

let base: string;
let workspace: string;

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'atelier-sandbox-test-'));
  workspace = path.join(base, 'workspace');
  mkdirSync(workspace);
  mkdirSync(path.join(base, 'outside'));
  process.env.ATELIER_TEST_SECRET = 'sk-parent-secret';
});

afterEach(() => {
  delete process.env.ATELIER_TEST_SECRET;
  rmSync(base, { recursive: true, force: true });
});

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function node(script: string): string[] {
  return ['node', '-e', script];
}

describe.each(drivers)('%s driver', (name, makeDriver, available) => {
  const run = (argv: string[], extra: object = {}) => makeDriver().run({ argv, cwd: workspace, timeoutMs: 20_000, ...extra });

  it.runIf(available)('passes a scrubbed environment: no parent variable, only the fixed ones and those declared', async () => {
    const result = await run(node('process.stdout.write(JSON.stringify(process.env))'), {
      env: { DATABASE_URL: 'sqlite::memory:' },
      memoryMb: 256,
    });
    expect(result.exitCode).toBe(0);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    // bwrap sets PWD when it changes directory; it names the workspace and nothing else.
    if (env.PWD !== undefined) expect(env.PWD).toBe(realpathSync(workspace));
    delete env.PWD;
    expect(env.ATELIER_TEST_SECRET).toBeUndefined();
    expect(result.stdout).not.toContain('sk-parent-secret');
    // The plain driver marks its processes with a random run id, to find them once they leave its tree.
    const marker = name === 'plain' ? ['ATELIER_SANDBOX_RUN'] : [];
    expect(Object.keys(env).sort()).toEqual([...marker, 'CI', 'DATABASE_URL', 'HOME', 'LANG', 'NODE_OPTIONS', 'PATH', 'TMPDIR']);
    if (name === 'plain') expect(env.ATELIER_SANDBOX_RUN).toMatch(/^[0-9a-f]{16}$/);
    expect(env).toMatchObject({ CI: '1', LANG: 'C.UTF-8', DATABASE_URL: 'sqlite::memory:', NODE_OPTIONS: '--max-old-space-size=256' });
    expect(env.HOME).not.toBe(process.env.HOME);
    expect(env.PATH?.split(':')[0]).toBe(path.dirname(process.execPath));
  });

  it.runIf(available)('runs in the workspace and can write there', async () => {
    const result = await run(node("require('fs').writeFileSync('made-here.txt', 'hello'); console.log(process.cwd())"));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, outputTruncated: false });
    expect(result.stdout.trim()).toBe(realpathSync(workspace));
    expect(readFileSync(path.join(workspace, 'made-here.txt'), 'utf8')).toBe('hello');
  });

  it.runIf(available)('reports a failing exit code and stderr', async () => {
    const result = await run(node("console.error('boom'); process.exit(3)"));
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('boom');
  });

  it.runIf(available)('kills an endless loop at the timeout and returns quickly', async () => {
    const result = await run(node('while (true) {}'), { timeoutMs: 700 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode === 0).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(600);
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it.runIf(available)('does not wait for background children left running after the command ends', async () => {
    const script = "const c = require('child_process').spawn('sleep', ['30'], { stdio: 'inherit' }); c.unref(); console.log(c.pid)";
    const result = await run(node(script));
    expect(result.durationMs).toBeLessThan(5_000);
    // Pids inside bubblewrap are its own; its pid namespace dies with it. A plain one must be killed by us.
    if (name === 'plain') expect(isRunning(Number(result.stdout.trim()))).toBe(false);
  });

  it.runIf(available)('caps large output, keeping the beginning, and marks it truncated', async () => {
    const script = "process.stdout.write('START' + 'x'.repeat(1024 * 1024)); process.stderr.write('small')";
    const result = await run(node(script), { maxOutputBytes: 64 * 1024 });
    expect(result.killedBy).toBeUndefined();
    expect(result.exitCode).toBe(0);
    expect(result.outputTruncated).toBe(true);
    expect(result.stdout.length).toBe(64 * 1024);
    expect(result.stdout.startsWith('START')).toBe(true);
    expect(result.stderr).toBe('small');
  });

  it.runIf(available)('stops a file from growing past maxFileBytes and sets RLIMIT_NPROC only where it counts the sandbox alone', async () => {
    const script = `
      const fs = require('fs');
      let error = 'none';
      try { fs.writeFileSync('big.bin', Buffer.alloc(200000)); } catch (e) { error = e.code; }
      const limits = fs.readFileSync('/proc/self/limits', 'utf8');
      console.log(JSON.stringify({ error, nproc: /Max processes\\s+(\\d+)/.exec(limits)[1] }));`;
    const result = await run(node(script), { maxFileBytes: 100_000, maxProcesses: 77 });
    // Inside bubblewrap's user namespace RLIMIT_NPROC counts only the sandbox; on a plain process, or
    // as uid 65534 on the host (bubblewrap started by root), it would count all of that user's
    // processes, so there the cgroup or the watchdog enforce it instead.
    const { error, nproc } = JSON.parse(result.stdout) as { error: string; nproc: string };
    expect(error).toBe('EFBIG');
    if (name === 'plain' || process.geteuid?.() === 0) expect(nproc).not.toBe('77');
    else expect(nproc).toBe('77');
  });

  it.runIf(available)('reports a program that does not exist as a failure, not a crash', async () => {
    const result = await run(['definitely-not-a-program-atelier']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('definitely-not-a-program-atelier');
  });

  it.runIf(available)('refuses a workspace that does not exist, before running anything', async () => {
    const driver = makeDriver();
    const attempt = driver.run({ argv: ['true'], cwd: path.join(base, 'missing'), timeoutMs: 1_000 });
    await expect(attempt).rejects.toSatisfy((error) => SandboxError.isInstance(error));
    await expect(driver.run({ argv: [], cwd: workspace, timeoutMs: 1_000 })).rejects.toThrow(/command is empty/);
  });

  it.runIf(available)('refuses a read-only folder that is relative, missing, the root or overlapping the workspace', async () => {
    const driver = makeDriver();
    const lend = (folder: string) => driver.run({ argv: ['true'], cwd: workspace, timeoutMs: 1_000, readOnlyPaths: [folder] });
    await expect(lend('cache')).rejects.toThrow(/must be an absolute path/);
    await expect(lend(path.join(base, 'missing'))).rejects.toThrow(/does not exist or is not a folder/);
    await expect(lend('/')).rejects.toThrow(/root cannot be lent/);
    mkdirSync(path.join(workspace, 'cache'));
    await expect(lend(path.join(realpathSync(workspace), 'cache'))).rejects.toThrow(/overlaps the workspace/);
    await expect(lend(realpathSync(base))).rejects.toThrow(/overlaps the workspace/);
  });
});

describe.runIf(bubblewrap.available)(`bubblewrap isolation${bubblewrapSkipNote}`, () => {
  let server: Server;
  let port = 0;
  const driver = () => createBubblewrapDriver(bubblewrap.available ? bubblewrap.bwrap : 'bwrap');

  beforeAll(async () => {
    server = createServer((socket) => socket.end('hello from the host\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('cannot write outside the workspace, into its .git, or into the system', async () => {
    mkdirSync(path.join(workspace, '.git'));
    const targets = [
      path.join(base, 'outside', 'owned.txt'),
      path.join(base, 'owned.txt'),
      '/root/owned.txt',
      '/usr/owned.txt',
      '/etc/owned.txt',
      '/owned.txt',
      path.join(workspace, '.git', 'config'),
    ];
    const script = `
      const fs = require('fs');
      const outcome = {};
      for (const target of ${JSON.stringify(targets)}) {
        try { fs.writeFileSync(target, 'owned'); outcome[target] = 'written'; } catch (e) { outcome[target] = e.code; }
      }
      console.log(JSON.stringify(outcome));`;
    const result = await driver().run({ argv: node(script), cwd: workspace, timeoutMs: 20_000 });
    const outcome = JSON.parse(result.stdout) as Record<string, string>;
    for (const target of targets) {
      expect(existsSync(target), `${target} must not exist on the host`).toBe(false);
      // The sandbox's own private /tmp may accept base/owned.txt; it vanishes with the sandbox.
      if (target !== path.join(base, 'owned.txt')) expect(outcome[target], target).not.toBe('written');
    }
  });

  it('cannot see files outside the workspace in the same temp folder', async () => {
    const script = `console.log(require('fs').existsSync(${JSON.stringify(path.join(base, 'outside'))}))`;
    const result = await driver().run({ argv: node(script), cwd: workspace, timeoutMs: 20_000 });
    expect(result.stdout.trim()).toBe('false');
  });

  const connect = `
    const socket = require('net').connect(Number(process.argv[1]), '127.0.0.1');
    socket.on('data', (d) => { console.log('connected: ' + d.toString().trim()); socket.destroy(); });
    socket.on('error', (e) => { console.log('refused: ' + e.code); });`;

  it('has no network: a server listening on the host loopback is unreachable', async () => {
    const result = await driver().run({ argv: ['node', '-e', connect, String(port)], cwd: workspace, timeoutMs: 20_000 });
    expect(result.stdout).toMatch(/^refused: /);
  });

  it('lends a host folder read-only at its own path: readable, not writable, nothing else beside it visible', async () => {
    const cache = path.join(base, 'outside', 'npm-cache');
    mkdirSync(path.join(cache, '_cacache'), { recursive: true });
    writeFileSync(path.join(cache, '_cacache', 'entry'), 'cached');
    const script = `
      const fs = require('fs');
      let write = 'written';
      try { fs.writeFileSync(${JSON.stringify(path.join(cache, '_logs.txt'))}, 'x'); } catch (e) { write = e.code; }
      console.log(JSON.stringify({ read: fs.readFileSync(${JSON.stringify(path.join(cache, '_cacache', 'entry'))}, 'utf8'), write, sibling: fs.existsSync(${JSON.stringify(path.join(base, 'outside', 'other'))}) }));`;
    writeFileSync(path.join(base, 'outside', 'other'), 'not lent');
    const result = await driver().run({ argv: node(script), cwd: workspace, timeoutMs: 20_000, readOnlyPaths: [realpathSync(cache)] });
    expect(JSON.parse(result.stdout)).toEqual({ read: 'cached', write: 'EROFS', sibling: false });
    expect(existsSync(path.join(cache, '_logs.txt'))).toBe(false);
  });

  it('has a loopback of its own without network: a server it starts on 127.0.0.1 answers it', async () => {
    const serve = `
      const server = require('http').createServer((req, res) => res.end(req.url));
      server.listen(0, '127.0.0.1', async () => {
        const answer = await (await fetch('http://127.0.0.1:' + server.address().port + '/health')).text();
        console.log('answered: ' + answer);
        server.close();
      });`;
    const result = await driver().run({ argv: node(serve), cwd: workspace, timeoutMs: 20_000 });
    expect(result.stdout.trim()).toBe('answered: /health');
  });

  it('reaches the same server when the command is allowed the network', async () => {
    const result = await driver().run({ argv: ['node', '-e', connect, String(port)], cwd: workspace, timeoutMs: 20_000, network: true });
    expect(result.stdout.trim()).toBe('connected: hello from the host');
  });
});

describe('detectSandbox', () => {
  it('returns the plain driver with its warning when asked to', async () => {
    const driver = await detectSandbox({ prefer: 'plain' });
    expect(driver).toMatchObject({ name: 'plain', isolated: false });
    expect(driver.warning).toMatch(/^no sandbox available \(.+\): generated code runs as a plain process with a scrubbed environment but can read your files and use the network$/);
  });

  it('picks bubblewrap exactly when it works on this machine', async () => {
    const driver = await detectSandbox();
    expect(driver.name).toBe(bubblewrap.available ? 'bubblewrap' : 'plain');
    expect(driver.isolated).toBe(bubblewrap.available);
    if (!bubblewrap.available) expect(driver.warning).toContain(bubblewrap.reason);
  });
});

describe('plain driver warning', () => {
  it('says plainly that nothing is isolated', () => {
    expect(createPlainDriver().warning).toBe(
      'no sandbox available (bubblewrap not found): generated code runs as a plain process with a scrubbed environment but can read your files and use the network',
    );
  });
});
