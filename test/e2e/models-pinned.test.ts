import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply, type FakeResponder } from '../support/fake-llm-server.js';
import { CLI, cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runIdFrom, showRun } from './e2e-helpers.js';

// The model the user asked for: a pinned model answers or the run stops (never a silent swap
// under the budget); a swap where nothing pins one is said; the views name the model that really
// answered; and a budget over models of unknown price says so, until `models.prices` prices them.

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** $5 / $10 per M tokens, 4,096 out at most: a worst case of about $0.05 a call. */
const PRICEY = { id: 'scripted', context_length: 200_000, pricing: { prompt: '0.000005', completion: '0.00001' }, top_provider: { max_completion_tokens: 4_096 } };
const FREE = { id: 'scripted-free', context_length: 200_000, pricing: { prompt: '0', completion: '0' }, top_provider: { max_completion_tokens: 4_096 } };

function configure(env: Record<string, string>, text: string): void {
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), text);
}

/** A configured endpoint listing a priced model and a free one. */
async function twoModels(extraConfig = '') {
  server = await startFakeLlmServer({ responder: todoCliResponder(), models: [PRICEY, FREE] });
  const cwd = tempDir();
  const env = cleanEnv();
  configure(env, `providers:\n  fake:\n    type: openai-compatible\n    base_url: ${server.url}\n${extraConfig}`);
  return { cwd, env };
}

/** A bare endpoint (OPENAI_BASE_URL) serving a model it lists with no price. */
async function bareEndpoint(responder: FakeResponder = todoCliResponder()) {
  server = await startFakeLlmServer({ responder, models: [{ id: 'my-model', context_length: 200_000 }] });
  const cwd = tempDir();
  return { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) };
}

const costSchema = z.object({ total: z.object({ costUsd: z.string(), calls: z.number(), unpriced: z.number() }) });

describe('a pinned model under a budget', () => {
  it('--model X whose worst case does not fit stops the run with the budget message; no other model is asked', async () => {
    const { cwd, env } = await twoModels();
    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--budget', '0.02', '--project', 'todo'], { cwd, env });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('budget reached');
    expect(stopped.stdout).toContain('on fake:scripted) could cost up to $0.0');
    expect(stopped.stdout).toMatch(/atelier resume r-[0-9a-f]{8} --budget 0\.\d+/);
    expect(server!.requests).toHaveLength(0);
    const runId = runIdFrom(stopped);
    expect((await showRun(runId, cwd, env, 'todo')).run.status).toBe('stopped');

    // With the budget the message asks for, X answers every call.
    const resumed = await runCli(['resume', runId, '--project', 'todo', '--budget', '5'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(new Set(server!.requests.map((req) => req.model))).toEqual(new Set(['scripted']));
  });

  it("a role's configured model is pinned too", async () => {
    const { cwd, env } = await twoModels('models:\n  roles:\n    product_manager: scripted\n');
    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--optimize', 'cost', '--budget', '0.02', '--project', 'todo'], { cwd, env });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('budget reached');
    expect(stopped.stdout).toContain('stage "write_prd" on fake:scripted');
    expect(server!.requests).toHaveLength(0);
  });

  it('where nothing pins a model, the budget may trade it for one that fits, and the stage line says so', async () => {
    const { cwd, env } = await twoModels();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--optimize', 'quality', '--budget', '0.02', '--project', 'todo'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(join(cwd, 'todo'), name), name).toBe(true);
    expect(result.stdout).toMatch(/write_prd model fake:scripted-free instead of fake:scripted: its worst case \(up to \$0\.0\d+\) is more than the \$0\.0200 left of the budget/);
    expect(new Set(server!.requests.map((req) => req.model))).toEqual(new Set(['scripted-free']));
    const show = await runCli(['show', runIdFrom(result), '--project', 'todo'], { cwd, env });
    expect(show.stdout).toMatch(/write_prd +product_manager +fake:scripted-free /);
  });
});

describe('a budget over models whose price is unknown', () => {
  it('says before the first call that the budget cannot hold them, and how to give their price', async () => {
    const { cwd, env } = await bareEndpoint();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'my-model', '--budget', '1', '--project', 'todo'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const warning = lines.findIndex((text) => text.includes('warning: the budget does not cover openai-compatible:my-model: its price is unknown'));
    const firstAnswer = lines.findIndex((text) => text.includes(' answered ('));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(firstAnswer);
    expect(result.stdout).toContain('models: { prices: { "openai-compatible:my-model": { input: 0.5, output: 1.5 } } }');
    // Said once where it happens, once in the summary.
    expect(lines.filter((text) => text.includes('the budget does not cover'))).toHaveLength(2);
    const spent = costSchema.parse(JSON.parse((await runCli(['cost', runIdFrom(result), '--project', 'todo', '--json'], { cwd, env })).stdout));
    expect(spent.total.unpriced).toBe(spent.total.calls);
  });

  it('models.prices, set with `config set`, prices the model: the budget holds and the ledger charges it', async () => {
    const { cwd, env } = await bareEndpoint();
    const set = await runCli(['config', 'set', 'models.prices."openai:my-model"', '{input: 5, output: 10}'], { cwd, env });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const refused = await runCli(['config', 'set', 'models.prices.other', '{input: -1, output: 1}'], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('models.prices.other.input');
    const incomplete = await runCli(['config', 'set', 'models.prices.other', '{input: 1}'], { cwd, env });
    expect(incomplete.code).toBe(2);
    expect((await runCli(['config', 'get', 'models.prices."openai:my-model".output'], { cwd, env })).stdout.trim()).toBe('10');

    // An unlisted model may write 16,384 tokens: each call's worst case is about $0.18, so $0.50 holds two or three.
    const stopped = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'my-model', '--budget', '0.5', '--project', 'todo'], { cwd, env });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).not.toContain('the budget does not cover');
    expect(stopped.stdout).toContain('budget reached');
    const runId = runIdFrom(stopped);
    const spent = costSchema.parse(JSON.parse((await runCli(['cost', runId, '--project', 'todo', '--json'], { cwd, env })).stdout));
    expect(spent.total.calls).toBe(server!.requests.length);
    expect(spent.total.calls).toBeGreaterThan(0);
    expect(spent.total.unpriced).toBe(0);
    expect(Number(spent.total.costUsd)).toBeGreaterThan(0);
    expect(Number(spent.total.costUsd)).toBeLessThanOrEqual(0.5);
  });
});

/** `script` gives the CLI a terminal, so it draws its live view; not every system has it. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the live view', () => {
  it.skipIf(!hasScript)('names the model that really answered each stage', async () => {
    const answer = todoCliResponder();
    const { cwd, env } = await bareEndpoint(async (req): Promise<FakeReply> => {
      const reply = await answer(req);
      return reply.kind === 'text' ? { ...reply, answeredBy: 'my-model-mini' } : reply;
    });
    const quoted = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
    // A terminal wide enough for the stage tree, which cuts every line to the terminal's width.
    const command = 'stty cols 200 rows 60; ' + [process.execPath, CLI, 'run', '--idea', TODO_CLI_IDEA, '--model', 'my-model', '--project', 'todo'].map(quoted).join(' ');
    // Spawned, not run synchronously: the fake server answers from this process's event loop.
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
    let drawn = '';
    child.stdout.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code, drawn.slice(-2000)).toBe(0);
    // The last frame of the stage tree: each finished stage names the model that answered it.
    const lastFrame = drawn.slice(drawn.lastIndexOf('atelier · run'));
    expect(lastFrame).toMatch(/write_prd +Product Manager +my-model-mini /);
    expect(lastFrame).toMatch(/implement +\S.* +my-model-mini /);
    expect(lastFrame).not.toMatch(/write_prd +Product Manager +my-model /);
  });
});
