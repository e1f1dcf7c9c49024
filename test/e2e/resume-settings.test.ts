import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import type { FakeReply, FakeResponder } from '../support/fake-llm-types.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { docExists, runIdFrom } from './e2e-helpers.js';

const TWO_STAGES =
  'name: Two stages\ndescription: requirements then design\nstages:\n' +
  '  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n' +
  '  - task: design_system\n    role: architect\n    input: prd\n    output: system_design\n';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The scripted todo model, refusing the key on the second call: the run stops part way, resumable. */
async function refusingOnce(): Promise<{ answer: FakeResponder; cwd: string; server: FakeLlmServer }> {
  const answer = todoCliResponder();
  let calls = 0;
  server = await startFakeLlmServer({
    responder: (req): FakeReply | Promise<FakeReply> => (++calls === 2 ? { kind: 'error', status: 401 } : answer(req)),
  });
  const cwd = tempDir();
  writeFileSync(join(cwd, 'two.yml'), TWO_STAGES);
  return { answer, cwd, server };
}

/** Rewrites the model settings kept in the run's plan, as generated code or a stranger could. */
function keepSettings(cwd: string, runId: string, change: (settings: Record<string, string>) => Record<string, string>): void {
  const db = new Database(join(cwd, 'p', '.atelier', 'atelier.db'));
  const row = db.prepare('SELECT plan_json AS plan FROM runs WHERE id = ?').get(runId) as { plan: string };
  const plan = JSON.parse(row.plan) as { options: { modelSettings: Record<string, string> } };
  db.prepare('UPDATE runs SET plan_json = ? WHERE id = ?').run(JSON.stringify({ ...plan, options: { ...plan.options, modelSettings: change(plan.options.modelSettings) } }), runId);
  db.close();
}

describe('atelier resume keeps the settings the run started with', () => {
  it('resumes a stopped run on the model it started with, without repeating --model', async () => {
    const { answer, cwd, server } = await refusingOnce();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const first = await runCli(['run', '--idea', 'a todo list', '--workflow', './two.yml', '--model', 'scripted-model', '--project', 'p'], { cwd, env });
    expect(first.code).toBe(1);
    expect(`${first.stdout}${first.stderr}`).toMatch(/401|rejected the API key|authentication/i);
    const runId = runIdFrom(first);

    server.setResponder(answer);
    // The hint the summary prints must work as printed: no --model needed again.
    const resumed = await runCli(['resume', runId, '--project', 'p'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(docExists(join(cwd, 'p'), 'system_design')).toBe(true);
    expect(server.requests.at(-1)?.model).toBe('scripted-model');
  });

  it('sends the key to a kept endpoint only when the user names it again, and writes no cassette the store names that is not one', async () => {
    const { answer, cwd, server } = await refusingOnce();
    const env = cleanEnv();
    const first = await runCli(['run', '--idea', 'a todo list', '--workflow', './two.yml', '--model', 'scripted-model', '--base-url', server.url, '--project', 'p'], { cwd, env });
    expect(first.code).toBe(1);
    const runId = runIdFrom(first);
    // The hint names the endpoint, so the command works as printed.
    expect(first.stdout).toContain(`Continue with: atelier resume ${runId} --base-url ${server.url} --project p`);
    server.setResponder(answer);
    const before = server.requests.length;

    // As if generated code or a stranger had edited the store: the run's endpoint, and a cassette to write into.
    const victim = join(cwd, 'victim.txt');
    writeFileSync(victim, 'not a cassette');
    const original = { value: {} as Record<string, string> };
    keepSettings(cwd, runId, (settings) => {
      original.value = settings;
      return { ...settings, baseUrl: 'http://127.0.0.1:9/steal' };
    });

    // The project's own config sits beside the store: naming the endpoint there vouches for nothing.
    writeFileSync(join(cwd, 'p', 'atelier.config.yml'), 'providers:\n  decoy:\n    base_url: http://127.0.0.1:9/steal\n');
    const refused = await runCli(['resume', runId, '--project', 'p'], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`run ${runId} was started with the endpoint "http://127.0.0.1:9/steal"; a resume uses it only when you give it again (--base-url http://127.0.0.1:9/steal)`);
    rmSync(join(cwd, 'p', 'atelier.config.yml'));

    keepSettings(cwd, runId, () => ({ ...original.value, record: join(cwd, 'elsewhere', 'new.json') }));
    const noCassette = await runCli(['resume', runId, '--project', 'p', '--base-url', server.url], { cwd, env });
    expect(noCassette.code).toBe(2);
    expect(noCassette.stderr).toContain('which is not a cassette file now');

    keepSettings(cwd, runId, () => ({ ...original.value, record: victim }));
    const notOne = await runCli(['resume', runId, '--project', 'p', '--base-url', server.url], { cwd, env });
    expect(notOne.code).toBe(2);
    expect(notOne.stderr).toContain('is not valid JSON');
    expect(readFileSync(victim, 'utf8')).toBe('not a cassette');
    expect(server.requests.length).toBe(before);

    // Named again, the endpoint is used, and the run finishes.
    keepSettings(cwd, runId, () => original.value);
    const resumed = await runCli(['resume', runId, '--project', 'p', '--base-url', server.url], { cwd, env });
    expect(resumed.code).toBe(0);
  });
});
