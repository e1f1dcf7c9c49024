import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { docExists } from './e2e-helpers.js';

const PRD_ONLY = 'name: PRD only\ndescription: just the requirements\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('atelier run with templates and the configured workflow', () => {
  it('gives the template brief to the stages with the idea', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = tempDir();
    writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
    const result = await runCli(['run', '--idea', 'a todo list', '--template', 'cli_tool', '--workflow', './prd-only.yml', '--model', 'm', '--project', 'p'], {
      cwd,
      env: cleanEnv({ OPENAI_BASE_URL: server.url }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const prompt = server.requests[0]?.messages.map((m) => m.content).join('\n') ?? '';
    expect(prompt).toContain('a todo list');
    expect(prompt).toContain('# Project template: ');
    expect(docExists(join(cwd, 'p'), 'prd')).toBe(true);
  });

  it('runs the workflow atelier.config.yml names when --workflow is not given', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = tempDir();
    const project = join(cwd, 'p');
    mkdirSync(join(project, '.atelier', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.atelier', 'workflows', 'prd_only.yml'), PRD_ONLY);
    writeFileSync(join(project, 'atelier.config.yml'), 'workflow: prd_only\n');
    const result = await runCli(['run', '--idea', 'a todo list', '--model', 'm', '--project', 'p'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('run started: prd_only');
    expect(docExists(project, 'prd')).toBe(true);
    expect(docExists(project, 'system_design')).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('names an unknown template and suggests the closest, writing nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', 'x', '--template', 'cli_tol', '--model', 'm', '--project', 'p'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown template "cli_tol" (did you mean "cli_tool"?)');
    expect(existsSync(join(cwd, 'p'))).toBe(false);
  });

  it('refuses a missing idea file with one message', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea-file', 'nope.txt', '--model', 'm'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read the idea file nope.txt: it does not exist');
  });
});
