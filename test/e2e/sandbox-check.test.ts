import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { probeBubblewrap } from '../../src/sandbox/bubblewrap-driver.js';
import { probeDocker } from '../../src/sandbox/docker-driver.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

const reportSchema = z.object({
  driver: z.enum(['bubblewrap', 'docker', 'plain']),
  isolated: z.boolean(),
  warning: z.string().optional(),
  ok: z.boolean(),
  protections: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(['held', 'failed', 'not-provided']), detail: z.string() })),
});

const API_KEY = 'sk-e2e-sandbox-check-0123456789';
const bubblewrap = await probeBubblewrap();
const docker = await probeDocker();
const LIMITS = ['secrets', 'config', 'git-config', 'fork-bomb', 'infinite-loop', 'cpu', 'memory', 'disk-filler', 'daemon', 'output'];
const ISOLATION = ['atelier-process', 'home-files', 'root-files', 'other-home', 'init-environ', 'write-dotdot', 'write-absolute', 'write-symlink', 'network', 'privileges', 'store'];

describe('atelier sandbox check', () => {
  it('on the plain driver: proves the limits, marks what it cannot contain, and exits 0', async () => {
    const result = await runCli(['sandbox', 'check', '--driver', 'plain'], { cwd: tempDir(), env: cleanEnv({ OPENAI_API_KEY: API_KEY }) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sandbox driver: plain (a plain child process), NOT isolated');
    expect(result.stdout).toMatch(/warning: no sandbox available .*can read your files and use the network/);
    expect(result.stdout).toMatch(/⚠ network +not contained: this driver cannot provide it; the program reached a server on the host/);
    expect(result.stdout).toMatch(/✔ fork bomb +stopped \(processes\)/);
    expect(result.stdout).toMatch(/✔ 100 MB of output +kept 1\.0 MiB/);
    expect(result.stdout).toMatch(/The plain driver cannot provide: .*network/);
    expect(result.stdout).toMatch(/✔ Atelier's configuration and roles +changing them: written, written, written; .*put back or removed after the run: atelier\.config\.yml/);
    expect(result.stdout).toMatch(/✔ a git filter planted in \.git\/config +written; put back after the run: \.git\/config/);
    expect(result.stdout).toMatch(/⚠ Atelier's run store \(\.atelier\) +not contained: this driver cannot provide it; the program wrote \.atelier\/atelier\.db/);
    expect(result.stdout).not.toContain('✖');
    expect(result.stdout).not.toContain(API_KEY);
  });

  it.runIf(bubblewrap.available)('on bubblewrap: every protection holds, as JSON', async () => {
    const result = await runCli(['sandbox', 'check', '--json'], { cwd: tempDir(), env: cleanEnv({ OPENAI_API_KEY: API_KEY }) });
    expect(result.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(result.stdout));
    expect(report).toMatchObject({ driver: 'bubblewrap', isolated: true, ok: true });
    expect(report.protections.map((p) => p.id).sort()).toEqual([...LIMITS, ...ISOLATION].sort());
    for (const protection of report.protections) expect(protection.status, `${protection.id}: ${protection.detail}`).toBe('held');
    expect(report.protections.find((p) => p.id === 'secrets')?.detail).toContain('and 1 more secret-looking variable');
    // Even when Atelier runs as root: the command is another user on the host, and sees no shadow file.
    expect(report.protections.find((p) => p.id === 'root-files')?.detail).toMatch(/^\/etc\/shadow: (ENOENT|EACCES); \/etc\/gshadow: (ENOENT|EACCES)/);
    if (process.geteuid?.() === 0) expect(report.protections.find((p) => p.id === 'root-files')?.detail).toMatch(/root-only\.txt: EACCES$/);
  });

  it.runIf(process.geteuid?.() === 0)('on the plain driver as root: says it cannot keep root-only files and other homes from the program', async () => {
    const result = await runCli(['sandbox', 'check', '--driver', 'plain'], { cwd: tempDir(), env: cleanEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/⚠ files only root may read \(\/etc\/shadow\) +not contained: this driver cannot provide it; the program read \/etc\/shadow/);
    expect(result.stdout).toMatch(/⚠ another user's home +not contained: this driver cannot provide it; the program read .*home-of-54321/);
  });

  it.runIf(!docker.available)('exits 2 (a configuration problem) with the reason when the driver asked for cannot be used', async () => {
    const result = await runCli(['sandbox', 'check', '--driver', 'docker'], { cwd: tempDir(), env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: sandbox \(docker\): the docker driver was asked for but cannot be used: docker .*; start the Docker engine, or use --driver auto/);
  });

  it('refuses a driver it does not know', async () => {
    const result = await runCli(['sandbox', 'check', '--driver', 'chroot'], { cwd: tempDir(), env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/argument 'chroot' is invalid. Allowed choices are auto, bubblewrap, docker, plain/);
  });
});
