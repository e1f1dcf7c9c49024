import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
    // The summary is the whole run's, not only what the resume itself did.
    const summary = /finished: (\d+) stages, (\d+) files?, (\d+) commits?/.exec(resumed.stdout);
    expect(summary?.[1]).toBe(String(ALL_STANDARD_DOCUMENTS.length));
    expect(Number(summary?.[3])).toBe(shown.commits.length);
    // Each document exists once: nothing was produced twice by the resume.
    expect(shown.documents.every((d) => d.version === 1)).toBe(true);
  });

  it('keeps a call that was in flight when the process died in the ledger, at its worst case', async () => {
    server = await startFakeLlmServer({ models: [{ id: 'scripted', context_length: 200_000, pricing: { prompt: '0.000001', completion: '0.000002' } }] });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const run = await runUntilKilled(server, (_req, arrived) => arrived === 2, {
      cwd,
      env,
      args: ['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--budget', '5'],
    });
    const cost = await runCli(['cost', run.runId, '--project', 'todo'], { cwd, env });
    expect(cost.code).toBe(0);
    expect(cost.stdout).toContain('1 call was sent but never answered here (the process was stopped while it was in flight); it is counted at the most the provider may bill.');
    const total = /total \$([\d.]+)/.exec(cost.stdout)?.[1];
    // More than the one answered call's price: the one in flight counts at its worst case.
    expect(Number(total)).toBeGreaterThan(0.01);
  });

  it('names an event it cannot read and stops before any paid call', async () => {
    server = await startFakeLlmServer({ responder: () => ({ kind: 'error', status: 400 }) });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const failed = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'], { cwd, env });
    expect(failed.code).toBe(1);
    const runId = /atelier resume (r-[\w-]+)/.exec(failed.stdout + failed.stderr)![1]!;
    const file = join(cwd, 'todo', '.atelier', 'atelier.db');
    const corrupt = (sql: string) => {
      const db = new Database(file);
      db.prepare(sql).run(runId);
      db.close();
    };
    const asked = server.requests.length;

    corrupt("UPDATE events SET payload_json = '{}' WHERE run_id = ? AND type = 'stage.started'");
    const invalid = await runCli(['resume', runId, '--project', 'todo'], { cwd, env });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(new RegExp(`run ${runId} cannot be resumed: event \\d+ \\(stage.started\\) does not hold what such an event must. Nothing was run or paid for`));

    corrupt("UPDATE events SET payload_json = '{\"broken' WHERE run_id = ? AND type = 'run.started'");
    const unreadable = await runCli(['resume', runId, '--project', 'todo'], { cwd, env });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(`run ${runId} cannot be resumed: its event log cannot be read`);
    expect(server.requests.length).toBe(asked);
  });

  it('says so when the run does not exist', async () => {
    const cwd = tempDir();
    const result = await runCli(['resume', 'r-00000000', '--replay', 'x.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no run "r-00000000"|cassette/);
  });
});
