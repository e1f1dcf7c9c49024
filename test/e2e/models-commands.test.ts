import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { formatUsd, parseUsd, priceTimes } from '../../src/llm/usd.js';
import { runIdFrom } from './e2e-helpers.js';

/** The catalog the fake OpenRouter serves: a priced model and a free one, neither in the built-in preference lists. */
const CATALOG = [
  {
    id: 'acme/coder-pro',
    name: 'Acme: Coder Pro',
    context_length: 200_000,
    architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    pricing: { prompt: '0.000003', completion: '0.000015' },
    top_provider: { context_length: 200_000, max_completion_tokens: 8_192 },
    supported_parameters: ['max_tokens', 'temperature', 'response_format', 'structured_outputs', 'tools'],
  },
  {
    id: 'acme/coder-mini:free',
    name: 'Acme: Coder Mini (free)',
    context_length: 64_000,
    architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    pricing: { prompt: '0', completion: '0' },
    top_provider: { context_length: 64_000, max_completion_tokens: 8_192 },
    supported_parameters: ['max_tokens', 'temperature', 'response_format'],
  },
];

let server: FakeLlmServer;
let cwd: string;
let env: Record<string, string>;

/** Configures OpenRouter to be the fake server, with its key in a variable of the user's choosing. */
function configure(extra = ''): void {
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  openrouter:\n    base_url: ${server.url}\n    api_key_env: FAKE_OPENROUTER_KEY\n${extra}`);
}

async function atelier(args: string[]) {
  const result = await runCli(args, { cwd, env });
  if (result.code !== 0) throw new Error(`atelier ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

beforeEach(async () => {
  // Every answer reports its cost, as OpenRouter does: the ledger must take it as it is.
  const answer = todoCliResponder();
  server = await startFakeLlmServer({
    models: CATALOG,
    responder: async (req): Promise<FakeReply> => {
      const reply = await answer(req);
      return reply.kind === 'text' ? { ...reply, cost: 0.00125 } : reply;
    },
  });
  cwd = tempDir();
  env = cleanEnv({ FAKE_OPENROUTER_KEY: 'or-fake-key-0123456789' });
  configure();
  await atelier(['models', 'update']);
});
afterEach(async () => {
  await server.close();
});

const listSchema = z.array(z.object({ ref: z.string(), free: z.boolean(), contextLength: z.number().nullable(), pricing: z.object({ prompt: z.string() }).nullable() }));
const recommendSchema = z.array(z.object({ task: z.string(), primary: z.string().nullable(), backups: z.array(z.string()), reasons: z.array(z.string()) }));

describe('atelier models', () => {
  it('update caches the catalog with its date; list shows it, filtered', async () => {
    expect(existsSync(join(env.HOME!, '.cache', 'atelier', 'openrouter-models.json'))).toBe(true);
    expect(server.requests).toHaveLength(0);

    const all = listSchema.parse(JSON.parse((await atelier(['models', 'list', '--json'])).stdout));
    expect(all.map((m) => m.ref)).toEqual(['openrouter:acme/coder-mini:free', 'openrouter:acme/coder-pro']);
    expect(all[1]).toMatchObject({ contextLength: 200_000, pricing: { prompt: '0.000003' }, free: false });
    const free = listSchema.parse(JSON.parse((await atelier(['models', 'list', '--free', '--json'])).stdout));
    expect(free.map((m) => m.ref)).toEqual(['openrouter:acme/coder-mini:free']);

    const table = (await atelier(['models', 'list', '--provider', 'acme'])).stdout;
    expect(table).toContain('OpenRouter catalog: updated');
    expect(table).toMatch(/openrouter:acme\/coder-pro\s+200k\s+3\s+15\s+json tools/);
  });

  it('recommend shows the primary, the backups and why, and follows --free-only and the preference lists', async () => {
    const [code] = recommendSchema.parse(JSON.parse((await atelier(['models', 'recommend', '--task', 'code_generation', '--json'])).stdout));
    expect(code).toMatchObject({ task: 'code_generation', primary: 'openrouter:acme/coder-pro', backups: ['openrouter:acme/coder-mini:free'] });
    expect(code!.reasons.join('\n')).toContain('$3 / $15 per M tokens');

    const [free] = recommendSchema.parse(JSON.parse((await atelier(['models', 'recommend', '--task', 'code_generation', '--free-only', '--json'])).stdout));
    expect(free).toMatchObject({ primary: 'openrouter:acme/coder-mini:free', backups: [] });
    expect(free!.reasons).toContain('ruled out: 1 not free (free_only is set)');

    configure('models:\n  capabilities:\n    code_generation: [coder-mini]\n');
    const text = (await atelier(['models', 'recommend', '--task', 'code_generation'])).stdout;
    expect(text).toContain('primary openrouter:acme/coder-mini:free (#1 in the code_generation preference list');
  });

  it('refuses a task it does not know, naming the ones it does', async () => {
    const result = await runCli(['models', 'recommend', '--task', 'coding'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--task must be one of requirements_analysis, system_design');
  });
});

describe('a run that chooses its models from the catalog', () => {
  it('explains the choice per stage before running, records each call with its cost, and `cost` breaks it down', async () => {
    const run = await atelier(['run', '--idea', TODO_CLI_IDEA, '--parallel', '--project', 'todo', '--explain-models']);
    const explanation = run.stdout.slice(0, run.stdout.indexOf('run started'));
    expect(explanation).toContain('Models — optimize: balanced');
    expect(explanation).toContain('implement (engineer → code_generation: writes complete, working files)');
    expect(explanation).toMatch(/write_user_docs \(tech_writer → documentation[^\n]*\n\s+primary openrouter:acme\//);
    expect(server.requests.every((req) => req.headers.authorization === 'Bearer or-fake-key-0123456789')).toBe(true);
    expect(run.stdout + run.stderr).not.toContain('or-fake-key-0123456789');

    const report = JSON.parse((await atelier(['cost', '--project', 'todo', '--json'])).stdout) as {
      run: { id: string };
      total: { calls: number; costUsd: string };
      byRole: { key: string }[];
      byStage: { key: string }[];
      byModel: { key: string; calls: number }[];
    };
    expect(report.run.id).toBe(runIdFrom(run));
    // Ten calls at the $0.00125 OpenRouter reported for each: exactly, not 0.012499999.
    expect(report.total).toMatchObject({ calls: server.requests.length, costUsd: formatUsd(priceTimes(parseUsd('0.00125'), server.requests.length)) });
    expect(report.byRole.map((line) => line.key)).toContain('engineer');
    expect(report.byStage.map((line) => line.key)).toContain('implement');
    expect(report.byModel.reduce((sum, line) => sum + line.calls, 0)).toBe(server.requests.length);

    const text = (await atelier(['cost', '--project', 'todo'])).stdout;
    expect(text).toMatch(/by role\n/);
    expect(text).toMatch(/by stage\n/);
    expect(text).toMatch(/by model\n\s+openrouter:acme\//);
  });

  it('--cache answers identical requests of a later run from the project cache, at no cost', async () => {
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo', '--cache', '--json']);
    const askedFirst = server.requests.length;
    const second = await atelier(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo', '--cache', '--json']);
    const secondId = /"runId":"(r-[0-9a-f]{8})"/.exec(second.stdout.split('\n').find((line) => line.includes('run.started')) ?? '')?.[1];
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(/"runId":"(r-[0-9a-f]{8})"/.exec(first.stdout)?.[1]);
    const report = JSON.parse((await atelier(['cost', secondId!, '--project', 'todo', '--json'])).stdout) as { total: { calls: number; cached: number; costUsd: string } };
    expect(report.total.cached).toBeGreaterThan(0);
    // What the cache answered was not asked again, and costs nothing.
    expect(server.requests.length - askedFirst).toBe(report.total.calls - report.total.cached);
    expect(report.total.costUsd).toBe(formatUsd(priceTimes(parseUsd('0.00125'), report.total.calls - report.total.cached)));
    expect(second.stdout).toContain('"source":"cache"');
  });
});
