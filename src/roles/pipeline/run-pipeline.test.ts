import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvents } from '../../engine/events.js';
import { detectSandbox, type SandboxCommand, type SandboxDriver } from '../../sandbox/sandbox.js';
import { openWorkspace, type Workspace } from '../../workspace/workspace.js';
import { judgePipeline } from './build-report.js';
import { DEFAULT_LIMITS } from './plan-steps.js';
import { availableTools, pipelineLimits, runPipeline } from './run-pipeline.js';

async function project(files: Record<string, string>): Promise<Workspace> {
  const workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'atelier-pipeline-')));
  for (const [path, content] of Object.entries(files)) await workspace.writeFile(path, content);
  return workspace;
}

function recorder(): { events: RunEvents; steps: unknown[] } {
  const steps: unknown[] = [];
  const events = { emit: async (type: string, payload: Record<string, unknown>) => (type === 'pipeline.step' ? steps.push(payload) : undefined) } as unknown as RunEvents;
  return { events, steps };
}

describe('runPipeline (in the real sandbox)', () => {
  it('runs a Node project through every step, reports the failing test, removes what the smoke run left and scans the files', async () => {
    const workspace = await project({
      'package.json': JSON.stringify({ type: 'module', scripts: { test: 'node --test' } }),
      'src/add.js': 'export function add(a, b) {\n  return a - b;\n}\n',
      'src/config.js': `export const token = 'ghp_${'A1b2'.repeat(9)}';\n`,
      'src/main.js': "import { writeFileSync } from 'node:fs';\nimport { add } from './add.js';\nwriteFileSync('data.json', '{}');\nconsole.log(add(1, 2));\n",
      'test/add.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/add.js';\ntest('adds', () => assert.equal(add(1, 2), 3));\n",
    });
    const { events, steps } = recorder();
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: { test: 'node --test', run: 'node src/main.js' } });

    expect(run.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['syntax', 'passed'],
      ['test', 'failed'],
      ['smoke', 'passed'],
    ]);
    expect(run.skipped.map((s) => s.step)).toEqual(['install', 'typecheck', 'build', 'lint']);
    const test = run.steps.find((s) => s.step === 'test')!;
    expect(test.command).toBe('node --test --experimental-test-coverage');
    expect(test.output).toContain('not ok 1 - adds');
    expect(test.output).not.toMatch(/duration_ms/);
    const smoke = run.steps.find((s) => s.step === 'smoke')!;
    expect(smoke.note).toBe('ran and exited 0; it created "data.json", removed afterwards');
    expect(existsSync(join(workspace.root, 'data.json'))).toBe(false);
    expect(run.scan.findings.map((f) => [f.file, f.rule])).toEqual([['src/config.js', 'api-key']]);
    expect(judgePipeline(run)).toMatchObject({ status: 'fail', testsPass: false, failing: ['test', 'static scan'] });
    expect(steps).toHaveLength(3);
  });

  it('finds a Python syntax error without writing bytecode, and runs pytest or unittest when the design names no test command', async () => {
    const workspace = await project({
      'calc.py': 'def double(x):\n    return x * 2\n',
      'broken.py': 'def oops(:\n    pass\n',
      'tests/__init__.py': '',
      'tests/test_calc.py': 'import unittest\nfrom calc import double\n\nclass T(unittest.TestCase):\n    def test_double(self):\n        self.assertEqual(double(2), 4)\n',
    });
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events: recorder().events, stageId: 'test', design: {} });
    const syntax = run.steps.find((s) => s.step === 'syntax')!;
    expect(syntax.outcome).toBe('failed');
    expect(syntax.output).toMatch(/^broken\.py:1: SyntaxError/m);
    const test = run.steps.find((s) => s.step === 'test')!;
    // pytest when the sandbox has it (Debian's python3-pytest), else the standard library's runner.
    expect(test.command).toBe((await availableTools(workspace)).pytest ? 'python3 -m pytest -q -rA' : 'python3 -m unittest discover -v');
    expect(test.outcome).toBe('passed');
    expect(await workspace.listFiles()).not.toContainEqual(expect.stringContaining('__pycache__'));
    expect(judgePipeline(run)).toMatchObject({ status: 'fail', testsPass: true, failing: ['syntax'] });
  });
});

describe('runPipeline with the sandbox settings of atelier.config.yml', () => {
  it('runs every command with the configured limits and variables, and the install without network when told', async () => {
    const workspace = await project({
      'package.json': JSON.stringify({ type: 'module', scripts: { test: 'node --test' }, dependencies: { left: '1.0.0' } }),
      'src/a.js': 'export const a = 1;\n',
    });
    const commands: SandboxCommand[] = [];
    const sandbox: SandboxDriver = {
      name: 'plain',
      isolated: false,
      warning: 'test',
      run: async (cmd) => {
        commands.push(cmd);
        const tampered = cmd.argv.join(' ').includes('npm test') ? { tampered: ['atelier.config.yml'] } : {};
        return { exitCode: 0, signal: null, stdout: '# pass 1\n# fail 0\n', stderr: '', timedOut: false, durationMs: 1, outputTruncated: false, ...tampered };
      },
    } as SandboxDriver;
    const settings = { timeoutSeconds: 42, memoryMb: 300, maxProcesses: 20, networkForInstall: false, env: { APP_MODE: 'test' } };
    const run = await runPipeline({ sandbox, workspace, events: recorder().events, stageId: 'test', design: { test: 'npm test' }, settings });
    const install = commands.find((c) => c.argv.includes('install'))!;
    const test = commands.find((c) => c.argv.join(' ').includes('npm test'))!;
    expect(install).toMatchObject({ network: false, timeoutMs: 42_000, memoryMb: 300, maxProcesses: 20, env: { APP_MODE: 'test' } });
    // The install never runs package scripts.
    expect(install.argv).toContain('--ignore-scripts');
    expect(test).toMatchObject({ timeoutMs: 42_000, memoryMb: 300, maxProcesses: 20, env: { APP_MODE: 'test' } });
    expect(pipelineLimits()).toEqual(DEFAULT_LIMITS);
    // The report says the install ran without scripts, and what the sandbox had to undo.
    expect(run.steps.find((s) => s.step === 'install')?.note).toContain('script');
    expect(run.steps.find((s) => s.step === 'test')?.note).toContain("tried to change Atelier's own files (atelier.config.yml)");
  });
});

describe('runPipeline with an offline npm cache', () => {
  const recordingSandbox = (commands: SandboxCommand[]): SandboxDriver => ({
    name: 'bubblewrap',
    isolated: true,
    run: async (cmd) => {
      commands.push(cmd);
      return { exitCode: 0, signal: null, stdout: '# pass 1\n# fail 0\n', stderr: '', timedOut: false, durationMs: 1, outputTruncated: false };
    },
  });
  const manifest = JSON.stringify({ type: 'module', scripts: { test: 'node --test' }, devDependencies: { vitest: '^4.1.12' } });

  it('installs from the lockfile out of the configured cache, lent read-only, without network; the other steps are unchanged', async () => {
    const cache = realpathSync(mkdtempSync(join(tmpdir(), 'atelier-npm-cache-')));
    const workspace = await project({ 'package.json': manifest, 'package-lock.json': '{}', 'src/a.js': 'export const a = 1;\n' });
    const commands: SandboxCommand[] = [];
    const run = await runPipeline({ sandbox: recordingSandbox(commands), workspace, events: recorder().events, stageId: 'test', design: { test: 'npm test' }, settings: { offlineNpmCache: cache }, env: {} });
    const [install, ...rest] = commands;
    expect(install).toMatchObject({ network: false, readOnlyPaths: [cache] });
    expect(install?.argv.slice(4)).toEqual(['ci', '--offline', '--cache', cache, '--no-update-notifier', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(rest.every((cmd) => cmd.readOnlyPaths === undefined && cmd.network === false)).toBe(true);
    expect(run.steps.find((s) => s.step === 'install')?.note).toMatch(/^offline, no network: packages only from the npm cache .*, lent read-only; .*package scripts disabled/);
  });

  it('takes the cache from ATELIER_OFFLINE_NPM_CACHE, and stops before any command when it does not exist', async () => {
    const cache = realpathSync(mkdtempSync(join(tmpdir(), 'atelier-npm-cache-')));
    const workspace = await project({ 'package.json': manifest, 'src/a.js': 'export const a = 1;\n' });
    const commands: SandboxCommand[] = [];
    const ctx = { sandbox: recordingSandbox(commands), workspace, events: recorder().events, stageId: 'test', design: {} };
    await runPipeline({ ...ctx, env: { ATELIER_OFFLINE_NPM_CACHE: cache } });
    expect(commands[0]).toMatchObject({ readOnlyPaths: [cache], network: false });
    expect(commands[0]?.argv.slice(4, 8)).toEqual(['install', '--offline', '--cache', cache]);
    commands.length = 0;
    await expect(runPipeline({ ...ctx, env: { ATELIER_OFFLINE_NPM_CACHE: join(cache, 'missing') } })).rejects.toThrow(/ATELIER_OFFLINE_NPM_CACHE names the npm cache .*missing, which is not a folder/);
    expect(commands).toEqual([]);
  });

  it('keeps what the earlier install was when a fix round reuses it, and stores output without colours', async () => {
    const workspace = await project({ 'package.json': manifest, 'src/a.js': 'export const a = 1;\n' });
    const sandbox: SandboxDriver = {
      name: 'bubblewrap',
      isolated: true,
      run: async () => ({ exitCode: 0, signal: null, stdout: '\u001b[32m✓\u001b[39m test/a.spec.ts\n      Tests  \u001b[1m\u001b[32m1 passed\u001b[39m\u001b[22m (1)\n', stderr: '', timedOut: false, durationMs: 1, outputTruncated: false }),
    };
    const ctx = { sandbox, workspace, events: recorder().events, stageId: 'test', design: { test: 'npm test' }, env: {} };
    const first = await runPipeline(ctx);
    const install = first.steps.find((s) => s.step === 'install')!;
    const second = await runPipeline(ctx, { previousInstall: install });
    const third = await runPipeline(ctx, { previousInstall: second.steps.find((s) => s.step === 'install')! });
    for (const run of [second, third]) expect(run.steps.find((s) => s.step === 'install')?.note).toBe(`dependencies unchanged: the earlier install is reused; ${install.note}`);
    const test = first.steps.find((s) => s.step === 'test')!;
    expect(test.output).toContain('✓ test/a.spec.ts\n      Tests  1 passed (1)');
    expect(test.fullOutput).not.toContain('\u001b');
  });
});
