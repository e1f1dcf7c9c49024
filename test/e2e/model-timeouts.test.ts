import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply, type FakeResponder } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliDocuments, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { docExists } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MODELS = ['scripted', 'scripted-backup'].map((id) => ({ id, context_length: 200_000, pricing: { prompt: '0.000001', completion: '0.000002' } }));
const PRD_ONLY = 'name: PRD only\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';

/** A provider `fake` serving `scripted` (the primary) and `scripted-backup`, with short timeouts so a stall shows in a second. */
async function setUp(responder: FakeResponder) {
  server = await startFakeLlmServer({ responder, models: MODELS });
  const cwd = tempDir();
  writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
  const env = cleanEnv();
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'atelier.config.yml'),
    `providers:\n  fake:\n    base_url: ${server.url}\nmodels:\n  default: scripted\ntimeouts:\n  first_byte_s: 0.5\n  idle_s: 0.5\n  call_s: 30\n`,
  );
  return { cwd, env, project: join(cwd, 'todo') };
}

const run = (cwd: string, env: Record<string, string>) => runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--project', 'todo'], { cwd, env });

describe('a provider that hangs', () => {
  it('that never sends a byte is given up after timeouts.first_byte_s, retried, then the backup answers', async () => {
    const answer = todoCliResponder();
    const { cwd, env, project } = await setUp((req): FakeReply | Promise<FakeReply> => (req.model === 'scripted' ? { kind: 'hang' } : answer(req)));
    const started = Date.now();
    const result = await run(cwd, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(docExists(project, 'prd')).toBe(true);
    // The first try and two retries on the primary, then the backup: seconds, not 10 minutes per try.
    expect(server!.requests.map((req) => req.model)).toEqual(['scripted', 'scripted', 'scripted', 'scripted-backup']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.stdout).toContain('no answer began within 500 ms (timeouts.first_byte_s)');
    expect(result.stdout).toContain('raise `timeouts` (first_byte_s, idle_s, call_s) in atelier.config.yml');
  });

  it('that stalls mid-answer is given up after timeouts.idle_s and asked again; the half answer is not used', async () => {
    const answer = todoCliResponder();
    let stalled = false;
    const { cwd, env, project } = await setUp((req): FakeReply | Promise<FakeReply> => {
      if (stalled) return answer(req);
      stalled = true;
      return { kind: 'stall', content: JSON.stringify(todoCliDocuments.prd) };
    });
    const result = await run(cwd, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server!.requests.map((req) => req.model)).toEqual(['scripted', 'scripted']);
    expect(result.stdout).toContain('the answer stalled: nothing more arrived for 500 ms (timeouts.idle_s)');
    expect(result.stdout).not.toContain('answer sent back to fix');
    expect(docExists(project, 'prd')).toBe(true);
  });

  it('timeouts are configuration keys like any other: set, read, and checked', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const set = await runCli(['config', 'set', 'timeouts.idle_s', '120'], { cwd, env });
    expect(set.code, set.stderr).toBe(0);
    const got = await runCli(['config', 'get', 'timeouts.idle_s'], { cwd, env });
    expect(got.stdout.trim()).toBe('120');
    const bad = await runCli(['config', 'set', 'timeouts.first_byte_s', '-1'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('timeouts.first_byte_s');
    const unknown = await runCli(['config', 'set', 'timeouts.first_byte', '5'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "timeouts.first_byte_s"');
  });
});
