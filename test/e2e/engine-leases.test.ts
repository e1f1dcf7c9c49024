import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRunsEverywhere, startRun } from '../../src/engine/index.js';
import type { LlmClient } from '../../src/llm/index.js';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli-design.js';
import { runIdFrom } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('leases on runs', () => {
  it('lets exactly one of two processes racing to resume a run win, and tells the other who holds it', async () => {
    server = await startFakeLlmServer();
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    // The first call fails for good: the run stops at once, failed and resumable.
    server.setResponder(() => ({ kind: 'error', status: 400 }));
    const failed = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--workflow', 'standard'], { cwd, env });
    expect(failed.code).toBe(1);
    const runId = runIdFrom(failed);

    // Now the model answers, slowly at first, so the winner still holds the run when the loser asks.
    const answer = todoCliResponder();
    let first = true;
    server.setResponder(async (req): Promise<FakeReply> => {
      const reply = await answer(req);
      if (first && reply.kind === 'text') {
        first = false;
        return { ...reply, delayMs: 3000 };
      }
      return reply;
    });
    const resume = () => runCli(['resume', runId, '--project', 'todo'], { cwd, env });
    const results = await Promise.all([resume(), resume()]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2]);
    const loser = results.find((r) => r.code === 2)!;
    // Refused on the project's lease or the run's, whichever the winner took first; both name the run.
    expect(loser.stderr).toMatch(new RegExp(`(project \\S+|run ${runId}) is already being run by process \\d+ on host .+ \\(atelier resume ${runId}\\)`));
  });

  it('refuses a second run on a project while one is in progress there, naming it, and leaves the first unharmed', async () => {
    server = await startFakeLlmServer();
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const answer = todoCliResponder();
    let calls = 0;
    // The first answer is slow, so the first run still holds the project when the second starts.
    server.setResponder(async (req): Promise<FakeReply> => {
      const reply = await answer(req);
      calls++;
      return calls === 1 && reply.kind === 'text' ? { ...reply, delayMs: 4000 } : reply;
    });
    const args = ['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--workflow', 'standard'];
    const first = runCli(args, { cwd, env });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Another idea (so another project name) in the same folder is the same project.
    const second = await runCli(['run', '--idea', `Another ${TODO_CLI_IDEA}`, '--model', 'scripted', '--project', 'todo', '--workflow', 'standard'], { cwd, env });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`project ${join(cwd, 'todo')} is already being run by`);
    expect(second.stderr).toMatch(/is already being run by process \d+ on host .+ \(atelier run r-[\w-]+\)/);
    expect(second.stderr).toMatch(/stop it \(kill \d+\)/);
    const done = await first;
    expect(done.code).toBe(0);
    const runs = await runCli(['runs', '--project', 'todo'], { cwd, env });
    // Only the first run was ever created.
    expect(runs.stdout.match(/\br-[\w-]+/g)?.length).toBe(1);
  });

  it('finds runs of projects in different folders through the project index, from anywhere', async () => {
    const home = tempDir();
    const env = cleanEnv();
    const dataEnv = { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const failing: LlmClient = {
      describe: () => ({ provider: 'test', model: 'none' }),
      generateStructured: () => Promise.reject(new Error('no model in this test')),
    };
    const roots = [join(tempDir(), 'alpha'), join(tempDir(), 'beta')];
    for (const root of roots) {
      mkdirSync(root, { recursive: true });
      const result = await startRun({ idea: `a note taker called ${root.endsWith('alpha') ? 'alpha' : 'beta'}`, workflow: 'standard', cwd: root, projectDir: root, concurrency: 1, model: null, env: dataEnv }, { createLlm: () => failing });
      expect(result.outcome.status).toBe('failed');
    }
    // From a folder that holds neither project, --all lists both, through the index alone.
    const elsewhere = tempDir();
    const listed = await listRunsEverywhere(elsewhere, undefined, { env: dataEnv, everywhere: true });
    expect(listed.map((run) => run.projectDir).sort()).toEqual([...roots].sort());
    expect(await listRunsEverywhere(elsewhere, undefined, { env: dataEnv })).toEqual([]);

    const cli = await runCli(['runs', '--all', '--json'], { cwd: elsewhere, env: dataEnv });
    expect(cli.code).toBe(0);
    const rows = JSON.parse(cli.stdout) as { projectDir: string }[];
    expect(rows.map((row) => row.projectDir).sort()).toEqual([...roots].sort());
    // And a run is found by its id from anywhere.
    const shown = await runCli(['show', listed[0]!.id, '--json'], { cwd: elsewhere, env: dataEnv });
    expect(shown.code).toBe(0);
  });
});
