import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeChatRequest, type FakeLlmServer, type FakeReply, type FakeResponder } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, spawnCli, tempDir } from '../support/run-cli.js';
import { fixingEngineer } from '../support/scenarios/buggy-todo-cli.js';
import { scenarioRequestName, TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runIdFrom, showRun } from './e2e-helpers.js';

// Retries, backups and resumes really ask the model again: an answer that failed validation is
// never served to them from the response cache, while an accepted one is never paid twice. And
// the ledger charges what the provider billed: rejected answers, a stream that broke after its
// usage arrived, under the name of the model that really answered.

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PRICE = { prompt: '0.000001', completion: '0.000002' };
/** Answers that parse as JSON but fit no document's schema. */
const SPOILED = '{"spoiled": true}';

/** Counts what the server billed: the usage of every reply it sent. */
function billing(responder: FakeResponder) {
  const billed = { inputTokens: 0, outputTokens: 0 };
  const wrapped: FakeResponder = async (req) => {
    const reply = await responder(req);
    if ((reply.kind === 'text' || reply.kind === 'truncate') && reply.usage) {
      billed.inputTokens += reply.usage.inputTokens;
      billed.outputTokens += reply.usage.outputTokens;
    }
    return reply;
  };
  return { billed, responder: wrapped };
}

function spoiled(): FakeReply {
  return { kind: 'text', content: SPOILED, usage: { inputTokens: 900, outputTokens: 6 } };
}

const line = z.object({ key: z.string(), calls: z.number(), cached: z.number(), inputTokens: z.number(), outputTokens: z.number(), costUsd: z.string(), unpriced: z.number() });
const costSchema = z.object({ total: line, byStage: z.array(line), byModel: z.array(line) });

async function cost(runId: string, cwd: string, env: Record<string, string>) {
  const result = await runCli(['cost', runId, '--project', 'todo', '--json'], { cwd, env });
  expect(result.stderr).toBe('');
  return costSchema.parse(JSON.parse(result.stdout));
}

/** A bare OpenAI-compatible endpoint with --model: one model, no backup, so only retries re-ask. */
async function singleEndpoint(responder: FakeResponder) {
  server = await startFakeLlmServer({ responder, models: [{ id: 'scripted', context_length: 200_000 }] });
  const cwd = tempDir();
  return { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }), args: ['--model', 'scripted', '--project', 'todo'] };
}

/** A configured provider listing two priced models: `scripted` (models.default) and its backup. */
async function pricedProvider(responder: FakeResponder) {
  const models = ['scripted', 'scripted-backup'].map((id) => ({ id, context_length: 200_000, pricing: PRICE }));
  server = await startFakeLlmServer({ responder, models });
  const cwd = tempDir();
  const env = cleanEnv();
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  fake:\n    type: openai-compatible\n    base_url: ${server.url}\nmodels:\n  default: scripted\n`);
  return { cwd, env, args: ['--project', 'todo'] };
}

const named = (name: string) => server!.requests.filter((req) => scenarioRequestName(req) === name);

describe('retries and resumes ask the model again', () => {
  it('a model that spoils 70% of its answers still gets the run done: every retry is a live request, and every answer is charged', async () => {
    // Seven answers in ten fit no schema, never more than three in a row: a conversation (one
    // answer, two repairs) may fail whole, and only a stage retry that really asks again gets past it.
    let arrived = 0;
    const answer = todoCliResponder();
    const { billed, responder } = billing((req) => ([2, 5, 8].includes(arrived++ % 10) ? answer(req) : spoiled()));
    const { cwd, env, args } = await singleEndpoint(responder);

    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, ...args, '--json'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(join(cwd, 'todo'), name), name).toBe(true);
    const events = result.stdout.split('\n').filter((text) => text.startsWith('{')).map((text) => z.object({ runId: z.string(), type: z.string(), payload: z.record(z.string(), z.unknown()) }).parse(JSON.parse(text)));
    expect(events.filter((event) => event.type === 'stage.retry').length).toBeGreaterThan(0);
    const answered = events.filter((event) => event.type === 'llm.call.finished');
    expect(answered.length).toBe(server!.requests.length);
    expect(answered.every((event) => event.payload.source === 'live')).toBe(true);

    const spent = await cost(events[0]!.runId, cwd, env);
    // Every request the server answered is a ledger row with the tokens it billed, rejected answers included.
    expect(spent.total.calls).toBe(server!.requests.length);
    expect(spent.total.cached).toBe(0);
    expect({ inputTokens: spent.total.inputTokens, outputTokens: spent.total.outputTokens }).toEqual(billed);
    // Spoiled as scripted: seven requests in ten (the good ones end each stage's conversation).
    const spoiledShare = server!.requests.filter((_req, index) => ![2, 5, 8].includes(index % 10)).length / server!.requests.length;
    expect(spoiledShare).toBeGreaterThan(0.6);
  });

  it('a stage whose answers always fail is retried with live requests only; resume asks again too, and then gets the run done', async () => {
    const answer = todoCliResponder();
    const { cwd, env, args } = await singleEndpoint(todoCliResponder({ prd: () => spoiled() }));

    const failed = await runCli(['run', '--idea', TODO_CLI_IDEA, ...args], { cwd, env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('did not produce a valid "prd"');
    // Three tries of the stage (the first and two retries), each an answer and two repairs: nine live requests.
    expect(named('prd')).toHaveLength(9);
    expect(failed.stdout).not.toContain('answered (cache');
    const runId = runIdFrom(failed);
    expect((await cost(runId, cwd, env)).total).toMatchObject({ calls: 9, cached: 0 });

    // The model is better now: its first answer still fails, the repair passes.
    let prdAsked = 0;
    server!.setResponder((req) => (scenarioRequestName(req) === 'prd' && prdAsked++ === 0 ? spoiled() : answer(req)));
    const resumed = await runCli(['resume', runId, ...args], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(named('prd')).toHaveLength(11);
    expect(resumed.stdout).not.toContain('answered (cache');
    const write = (await cost(runId, cwd, env)).byStage.find((entry) => entry.key === 'write_prd');
    expect(write).toMatchObject({ calls: 11, cached: 0 });
    expect((await showRun(runId, cwd, env, 'todo')).run.status).toBe('succeeded');
  });

  it('a resume after a crash mid-stage is served the answers it already accepted, at no cost, and asks only the rest', async () => {
    // The engineer's bug makes QA's stage send a fix round; the process dies while it is asked.
    // QA's acceptance tests were answered (and accepted) before, in the same unfinished stage.
    const answer = todoCliResponder(fixingEngineer);
    let killPoint!: () => void;
    const reached = new Promise<void>((resolve) => (killPoint = resolve));
    const { cwd, env, args } = await pricedProvider((req) => {
      if (scenarioRequestName(req) !== 'fix:1') return answer(req);
      killPoint();
      return { kind: 'hang' };
    });
    const child = spawnCli(['run', '--idea', TODO_CLI_IDEA, ...args], { cwd, env });
    await reached;
    child.kill('SIGKILL');
    await once(child, 'close');
    expect(named('test_plan')).toHaveLength(1);

    server!.setResponder(answer);
    const runs = z.array(z.object({ id: z.string() })).parse(JSON.parse((await runCli(['runs', '--project', 'todo', '--json'], { cwd, env })).stdout));
    const runId = runs[0]!.id;
    const resumed = await runCli(['resume', runId, '--project', 'todo'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(named('test_plan')).toHaveLength(1);
    expect(named('fix:1')).toHaveLength(2);
    expect(resumed.stdout).toMatch(/test model scripted answered \(cache, /);

    const shown = await showRun(runId, cwd, env, 'todo');
    expect(shown.run.status).toBe('succeeded');
    const ledger = (await cost(runId, cwd, env)).byStage.find((entry) => entry.key === 'test');
    expect(ledger?.cached).toBe(1);
    // The cached answer cost nothing: the stage paid for the test plan once, and for the fix round twice.
    const calls = z.array(z.object({ stageId: z.string().nullable(), source: z.string(), costUsd: z.string().nullable() })).parse(
      JSON.parse((await runCli(['show', runId, '--project', 'todo', '--json'], { cwd, env })).stdout).modelCalls,
    );
    expect(calls.filter((call) => call.stageId === 'test' && call.source === 'cache').map((call) => call.costUsd)).toEqual(['0']);
  });
});

describe('the model that really answered', () => {
  it('names a gateway\'s substitute in the ledger, cost and show; the backup then gets a live request, not its failed answers', async () => {
    // Asked for `scripted`, the gateway answers with `scripted-weak`, whose PRDs never pass.
    const answer = todoCliResponder();
    const { cwd, env, args } = await pricedProvider(async (req: FakeChatRequest): Promise<FakeReply> => {
      if (req.model !== 'scripted') return answer(req);
      const reply = scenarioRequestName(req) === 'prd' ? spoiled() : await answer(req);
      return reply.kind === 'text' ? { ...reply, answeredBy: 'scripted-weak' } : reply;
    });

    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, ...args], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(named('prd').map((req) => req.model)).toEqual(['scripted', 'scripted', 'scripted', 'scripted-backup']);
    // The backup's request is the very first one again, and it was sent, not answered from the cache.
    expect(named('prd')[3]!.messages).toEqual(named('prd')[0]!.messages);
    expect(result.stdout).toMatch(/write_prd model scripted-weak answered for fake:scripted \(live, /);
    expect(result.stdout).toMatch(/write_prd model scripted-backup answered \(live, /);
    expect(result.stdout).not.toContain('answered (cache');

    const runId = runIdFrom(result);
    const spent = await cost(runId, cwd, env);
    const models = spent.byModel.map((entry) => entry.key);
    expect(models).toContain('fake:scripted-weak');
    expect(models).toContain('fake:scripted-backup');
    expect(models).not.toContain('fake:scripted');
    expect(spent.byModel.find((entry) => entry.key === 'fake:scripted-backup')?.calls).toBe(1);
    const text = await runCli(['cost', runId, '--project', 'todo'], { cwd, env });
    expect(text.stdout).toMatch(/fake:scripted-weak +\$/);

    const show = await runCli(['show', runId, '--project', 'todo'], { cwd, env });
    expect(show.stdout).toMatch(/write_prd +product_manager +fake:scripted-weak, fake:scripted-backup/);
    expect(show.stdout).toMatch(/design_system +architect +fake:scripted-weak /);
    const shown = z.object({ stages: z.array(z.object({ stageId: z.string(), answeredBy: z.array(z.string()) })) }).parse(
      JSON.parse((await runCli(['show', runId, '--project', 'todo', '--json'], { cwd, env })).stdout),
    );
    expect(shown.stages.find((stage) => stage.stageId === 'write_prd')?.answeredBy).toEqual(['fake:scripted-weak', 'fake:scripted-backup']);
  });

  it('charges a stream that broke after its usage arrived: the ledger matches what the provider billed', async () => {
    const answer = todoCliResponder();
    let broken = false;
    const { billed, responder } = billing(async (req) => {
      const reply = await answer(req);
      if (broken || scenarioRequestName(req) !== 'prd' || reply.kind !== 'text') return reply;
      broken = true;
      return { kind: 'truncate', content: reply.content, afterUsage: true, usage: { inputTokens: 4_321, outputTokens: 1_234 } };
    });
    const { cwd, env, args } = await pricedProvider(responder);

    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, ...args], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(named('prd')).toHaveLength(2);

    const spent = await cost(runId(result.stdout), cwd, env);
    expect(spent.total.calls).toBe(server!.requests.length);
    expect({ inputTokens: spent.total.inputTokens, outputTokens: spent.total.outputTokens }).toEqual(billed);
    const write = spent.byStage.find((entry) => entry.key === 'write_prd')!;
    expect(write.calls).toBe(2);
    // The broken attempt at $1 / $2 per M tokens: 4,321 in and 1,234 out is $0.006789 of it.
    expect(Number(write.costUsd)).toBeGreaterThan(0.006789);
  });
});

function runId(stdout: string): string {
  return runIdFrom({ code: 0, stdout, stderr: '' });
}
