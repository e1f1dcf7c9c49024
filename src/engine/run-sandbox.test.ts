import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LlmClient } from '../llm/index.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import { openSqliteStore } from '../store/index.js';
import { planRun } from './plan-run.js';
import { projectStoreFile as storeFile } from '../store/index.js';
import { readRunPlan } from './run-plan.js';
import { sandboxOptions } from './run-sandbox.js';
import { resumeRun, startRun } from './start-run.js';

const noEngine = () => Promise.reject(new SandboxError({ driver: 'docker', detail: 'the docker driver was asked for but cannot be used: no engine answers; start the Docker engine, or use --driver auto' }));
const failingLlm: LlmClient = {
  generateStructured: () => Promise.reject(new Error('the model is down')),
  describe: () => ({ provider: 'fake', model: 'm' }),
};
const plain: SandboxDriver = { name: 'plain', isolated: false, warning: 'test', run: () => Promise.reject(new Error('nothing runs here')) };

function home() {
  const cwd = mkdtempSync(join(tmpdir(), 'atelier-sandbox-'));
  return { cwd, env: { HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config') } };
}

function configure(dir: string, yaml: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), yaml);
}

describe('the run sandbox', () => {
  it('puts the sandbox limits of atelier.config.yml into the run plan', async () => {
    const { cwd, env } = home();
    configure(join(cwd, 'todo'), 'sandbox:\n  driver: plain\n  timeout_seconds: 30\n  memory_mb: 512\n  max_processes: 64\n  network_for_install: false\n  offline_npm_cache: ~/.npm\n  env: { APP_MODE: test }\n');
    const { plan } = await planRun({ idea: 'a todo list', workflow: 'standard', cwd, projectDir: 'todo', concurrency: 1, model: null, env });
    expect(plan.options).toMatchObject({ sandboxDriver: 'plain', sandboxSettings: { timeoutSeconds: 30, memoryMb: 512, maxProcesses: 64, networkForInstall: false, offlineNpmCache: '~/.npm', env: { APP_MODE: 'test' } } });
    // Kept through the stored plan, so a resumed run installs offline too.
    expect(readRunPlan(JSON.parse(JSON.stringify(plan))).options.sandboxSettings?.offlineNpmCache).toBe('~/.npm');
    expect(sandboxOptions(undefined)).toEqual({});
    expect(sandboxOptions({ driver: 'auto' })).toEqual({});
  });

  it('refuses a configured driver that is unavailable before anything is created, naming the setting to change', async () => {
    const { cwd, env } = home();
    configure(join(cwd, 'todo'), 'sandbox:\n  driver: docker\n');
    const started = startRun({ idea: 'a todo list', workflow: 'standard', cwd, projectDir: 'todo', concurrency: 1, model: null, env }, { createLlm: () => failingLlm, sandbox: noEngine });
    await expect(started).rejects.toThrow(/sandbox\.driver to "docker".*atelier config set sandbox\.driver auto.*Nothing was created\./);
    await expect(started).rejects.not.toThrow(/--driver/);
    expect(existsSync(storeFile(join(cwd, 'todo')))).toBe(false);
  });

  it('resume detects the sandbox again from the configuration as it is now, and leaves the run unchanged when it cannot', async () => {
    const { cwd, env } = home();
    const first = await startRun({ idea: 'a todo list', workflow: 'standard', cwd, projectDir: 'todo', concurrency: 1, model: null, env }, { createLlm: () => failingLlm, sandbox: () => Promise.resolve(plain) });
    expect(first.outcome.status).toBe('failed');

    configure(first.projectDir, 'sandbox:\n  driver: docker\n');
    const resumed = resumeRun({ runId: first.run.id, cwd, projectDir: 'todo', env }, { createLlm: () => failingLlm, sandbox: noEngine });
    await expect(resumed).rejects.toThrow(new RegExp(`sandbox\\.driver to "docker".*Run ${first.run.id} was not changed`));
    const store = await openSqliteStore(storeFile(first.projectDir));
    try {
      const run = await store.getRun(first.run.id);
      expect(run?.status).toBe('failed');
      expect((await store.listEvents(first.run.id)).filter((e) => e.type === 'run.resumed')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
