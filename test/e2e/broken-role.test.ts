import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { userConfigDir } from './config-support.js';

/** A user role whose system prompt opens a list it never closes: the YAML does not parse. */
const BROKEN_ROLE = 'name: Critic\ndescription: criticises\nsystem_prompt: [You criticise\n';
const PRD_ONLY = 'name: PRD only\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';
const USES_CRITIC = 'name: Critique\nstages:\n  - task: critique\n    role: critic\n    input: user_idea\n    output: critique\n';

let server: FakeLlmServer | undefined;
let cwd: string;
let env: Record<string, string>;
let brokenFile: string;

beforeEach(() => {
  cwd = tempDir();
  env = cleanEnv();
  const roles = join(userConfigDir(env), 'roles');
  mkdirSync(roles, { recursive: true });
  brokenFile = join(roles, 'critic.yml');
  writeFileSync(brokenFile, BROKEN_ROLE);
  writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
  writeFileSync(join(cwd, 'uses-critic.yml'), USES_CRITIC);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('one broken user role', () => {
  it('is listed by `role list` with its error, and the list still shows every other role (exit 0)', async () => {
    const result = await runCli(['role', 'list'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^critic +- +user +BROKEN: does not load \(below\)$/m);
    expect(result.stdout).toMatch(/^product_manager +Product Manager +builtin/m);
    expect(result.stdout).toContain(`role "critic" (${brokenFile}) does not load; only what uses it fails.`);
    expect(result.stdout).toMatch(new RegExp(`^  ${escape(brokenFile)}:\\d+:\\d+: invalid YAML`, 'm'));
  });

  it('is explained by `role show` (exit 2) and can still be exported to be fixed', async () => {
    const shown = await runCli(['role', 'show', 'critic'], { cwd, env });
    expect(shown.code).toBe(2);
    expect(shown.stderr).toContain(`error: role "critic" (${brokenFile}) does not load:`);
    expect(shown.stderr).toContain('atelier role delete critic');
    const exported = await runCli(['role', 'export', 'critic'], { cwd, env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(BROKEN_ROLE);
  });

  it('does not stop a run whose workflow does not use it: one warning line, and the run goes on', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--model', 'scripted', '--project', 'todo'], {
      cwd,
      env: { ...env, OPENAI_BASE_URL: server.url },
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^warning: role "critic" \\(${escape(brokenFile)}\\) does not load and is left out; no stage of this workflow uses it \\(.*invalid YAML.*\\)\\. \`atelier role list\` shows every broken role\\.$`));
    expect(existsSync(join(cwd, 'todo', 'docs', 'prd.md'))).toBe(true);
  });

  it('stops a run whose workflow uses it before anything is written, naming the stage and the role file', async () => {
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'uses-critic.yml', '--model', 'scripted', '--project', 'todo'], {
      cwd,
      env: { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: a configuration file has a problem; nothing was run.');
    expect(result.stderr).toMatch(new RegExp(`uses-critic\\.yml:4:5: stages\\[0\\]\\.role: role "critic" does not load: ${escape(brokenFile)}:\\d+:\\d+: invalid YAML.*; fix ${escape(brokenFile)}, or delete it with \`atelier role delete critic\``));
    expect(existsSync(join(cwd, 'todo'))).toBe(false);
  });

  it('that overrides a built-in role stops the workflows using it: the built-in one is not used in its place', async () => {
    writeFileSync(join(userConfigDir(env), 'roles', 'engineer.yml'), 'name: My Engineer\ndescription: [oops\n');
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'], {
      cwd,
      env: { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stages\[\d+\]\.role: role "engineer" does not load: .*engineer\.yml:\d+:\d+: invalid YAML/);
    expect(existsSync(join(cwd, 'todo'))).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
