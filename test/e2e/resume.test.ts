import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runUntilKilled, showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('atelier resume', () => {
  it('continues a run killed mid-way without asking any answered model call again', async () => {
    const KILL_AT = 5; // write_prd, design_system, design_api, plan_tasks answered; the first task's call hangs
    server = await startFakeLlmServer();
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const run = await runUntilKilled(server, (_req, arrived) => arrived === KILL_AT, {
      cwd,
      env,
      args: ['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'],
    });
    expect(run.status).toBe('running');
    const before = server.requests.map((r) => r.bodyHash);
    expect(before).toHaveLength(KILL_AT);
    // What a write killed between writing and renaming leaves behind.
    const project = join(cwd, 'todo');
    writeFileSync(join(project, 'docs', '.prd.md.0123456789ab.tmp'), 'half a PRD');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', '.todo.js.ba9876543210.tmp'), 'half a file');

    const resumed = await runCli(['resume', run.runId, '--project', 'todo', '--model', 'scripted'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('removed 2 temporary files a killed run had left: docs/.prd.md.0123456789ab.tmp, src/.todo.js.ba9876543210.tmp');
    expect(existsSync(join(project, 'docs', '.prd.md.0123456789ab.tmp'))).toBe(false);

    const after = server.requests.slice(KILL_AT).map((r) => r.bodyHash);
    const answeredBeforeKill = before.slice(0, KILL_AT - 1);
    for (const hash of answeredBeforeKill) expect(after).not.toContain(hash);
    // The call that was in flight when the process died is asked again, once.
    expect(after.filter((hash) => hash === before[KILL_AT - 1])).toHaveLength(1);

    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), name).toBe(true);
    const shown = await showRun(run.runId, cwd, env, 'todo');
    expect(shown.run.status).toBe('succeeded');
    // Each document exists once: nothing was produced twice by the resume.
    expect(shown.documents.every((d) => d.version === 1)).toBe(true);
  });

  it('says so when the run does not exist', async () => {
    const cwd = tempDir();
    const result = await runCli(['resume', 'r-00000000', '--replay', 'x.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no run "r-00000000"|cassette/);
  });
});
