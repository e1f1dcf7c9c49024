import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runIdFrom, showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The endpoint lists its one model with prices, so every call has a known worst case: $1/M in, $2/M out, 4,096 out at most. */
const PRICED_MODEL = { id: 'scripted', context_length: 200_000, pricing: { prompt: '0.000001', completion: '0.000002' }, top_provider: { max_completion_tokens: 4_096 } };

function configure(env: Record<string, string>, url: string): void {
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  fake:\n    type: openai-compatible\n    base_url: ${url}\nmodels:\n  default: scripted\n`);
}

const costSchema = z.object({ total: z.object({ costUsd: z.string(), calls: z.number() }), byStage: z.array(z.object({ key: z.string(), costUsd: z.string() })) });

async function cost(runId: string, cwd: string, env: Record<string, string>) {
  const result = await runCli(['cost', runId, '--project', 'todo', '--json'], { cwd, env });
  expect(result.stderr).toBe('');
  return costSchema.parse(JSON.parse(result.stdout));
}

describe('a run with a budget', () => {
  it('stops before a call could overrun the budget, and resumes to completion with a larger one', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder(), models: [PRICED_MODEL] });
    const cwd = tempDir();
    const env = cleanEnv();
    configure(env, server.url);

    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--parallel', '--project', 'todo', '--budget', '0.03'], { cwd, env });
    expect(stopped.code).not.toBe(0);
    const output = `${stopped.stdout}${stopped.stderr}`;
    expect(output).toContain('budget reached');
    expect(output).toMatch(/atelier resume r-[0-9a-f]{8} --budget \d/);
    const runId = runIdFrom(stopped);

    // Stopped on purpose, not failed: resumable, and nothing went wrong.
    expect((await showRun(runId, cwd, env, 'todo')).run.status).toBe('stopped');

    const spent = await cost(runId, cwd, env);
    expect(Number(spent.total.costUsd)).toBeGreaterThan(0);
    expect(Number(spent.total.costUsd)).toBeLessThanOrEqual(0.03);
    // The budget ran out part-way: some documents were written, the run did not get to the end.
    expect(docExists(join(cwd, 'todo'), 'prd')).toBe(true);
    expect(docExists(join(cwd, 'todo'), 'user_docs')).toBe(false);
    const asked = server.requests.map((req) => req.bodyHash);

    const resumed = await runCli(['resume', runId, '--project', 'todo', '--budget', '1'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(join(cwd, 'todo'), name), name).toBe(true);
    // Nothing answered before the budget stopped the run was asked (or paid for) again.
    const askedAgain = server.requests.slice(asked.length).map((req) => req.bodyHash);
    for (const hash of asked) expect(askedAgain).not.toContain(hash);

    const total = await cost(runId, cwd, env);
    expect(total.total.calls).toBe(server.requests.length);
    expect(Number(total.total.costUsd)).toBeLessThanOrEqual(1);
    expect((await showRun(runId, cwd, env, 'todo')).run.status).toBe('succeeded');
  });
});
