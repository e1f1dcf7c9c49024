import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply, type FakeResponder } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { scenarioRequestName, TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runIdFrom, showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One endpoint serving two priced models: `scripted` is the primary, `scripted-backup` its backup. */
const MODELS = ['scripted', 'scripted-backup'].map((id) => ({ id, context_length: 200_000, pricing: { prompt: '0.000001', completion: '0.000002' } }));

async function setUp(responder: FakeResponder) {
  server = await startFakeLlmServer({ responder, models: MODELS });
  const cwd = tempDir();
  const env = cleanEnv({ FAKE_KEY: 'fake-key-0123456789abcdef' });
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  fake:\n    base_url: ${server.url}\n    api_key_env: FAKE_KEY\nmodels:\n  default: scripted\n`);
  return { cwd, env, project: join(cwd, 'todo') };
}

describe('provider failures in a whole run', () => {
  it('a task whose primary keeps failing with 500 is finished by the backup model; the run succeeds', async () => {
    const answer = todoCliResponder();
    const { cwd, env, project } = await setUp((req): FakeReply | Promise<FakeReply> =>
      req.model === 'scripted' && scenarioRequestName(req) === 'T2' ? { kind: 'error', status: 500, headers: { 'retry-after-ms': '5' } } : answer(req),
    );
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo', '--json'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), name).toBe(true);

    const t2 = server!.requests.filter((req) => scenarioRequestName(req) === 'T2');
    // The retry policy: the first try and two retries on the primary, then one request to the backup. No more.
    expect(t2.map((req) => req.model)).toEqual(['scripted', 'scripted', 'scripted', 'scripted-backup']);
    expect(result.stdout).toContain('"type":"llm.fallback"');
    expect(result.stdout).toContain('"from":"fake:scripted","to":"fake:scripted-backup"');
    const runId = /"runId":"(r-[0-9a-f]{8})"/.exec(result.stdout)![1]!;
    const shown = await showRun(runId, cwd, env, 'todo');
    expect(shown.run.status).toBe('succeeded');
  });

  it('a refused key stops the run at once, resumable, saying what to fix; nothing is retried or sent to the backup', async () => {
    let keyValid = false;
    const answer = todoCliResponder();
    const { cwd, env, project } = await setUp((req) => (keyValid ? answer(req) : { kind: 'error', status: 401 }));
    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo'], { cwd, env });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('The API key was refused');
    expect(stopped.stdout).toContain('atelier resume');
    expect(`${stopped.stdout}${stopped.stderr}`).not.toContain('fake-key-0123456789abcdef');
    expect(server!.requests).toHaveLength(1);

    keyValid = true;
    const resumed = await runCli(['resume', runIdFrom(stopped), '--project', 'todo'], { cwd, env });
    expect(resumed.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), name).toBe(true);
  });

  it('an account out of credit (402) stops the run at once', async () => {
    const { cwd, env } = await setUp(() => ({ kind: 'error', status: 402, body: { error: { code: 402, message: 'Insufficient credits' } } }));
    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo'], { cwd, env });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('Insufficient credits');
    expect(stopped.stdout).toContain('The account is out of credit');
    expect(server!.requests).toHaveLength(1);
  });
});
