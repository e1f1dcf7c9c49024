import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, runIdFrom } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** OpenRouter-style prices, per token: $1 per million in, $2 per million out. */
const PRICED = { prompt: '0.000001', completion: '0.000002' };
const PRD_ONLY = 'name: PRD only\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';

async function bareEndpoint(options: Omit<FakeLlmServerOptions, 'responder'>) {
  server = await startFakeLlmServer({ responder: todoCliResponder(), ...options });
  const cwd = tempDir();
  writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
  return { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }), project: join(cwd, 'todo') };
}

const costSchema = z.object({ total: z.object({ costUsd: z.string(), calls: z.number() }) });

describe('OPENAI_BASE_URL without --model', () => {
  it('runs the whole company on the one model the endpoint lists, says why, and prices it from the list (one GET /models)', async () => {
    const { cwd, env, project } = await bareEndpoint({ models: [{ id: 'scripted', context_length: 200_000, pricing: PRICED }] });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo', '--explain-models', '--budget', '5'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), name).toBe(true);

    expect(result.stdout).toContain(`every call goes to ${server!.url} (OPENAI_BASE_URL), model scripted: the only model it lists (no --model given)`);
    expect(result.stdout).toContain('catalog: 1 listed by GET /models');
    expect(result.stdout).toMatch(/primary openai-compatible:scripted \(.*\$1 \/ \$2 per M tokens/);
    expect(result.stdout).toMatch(/write_prd started \(Product Manager, scripted\)/);
    expect(new Set(server!.requests.map((req) => req.model))).toEqual(new Set(['scripted']));
    // The check that the endpoint answers and the model list are one request.
    expect(server!.listings).toEqual(['GET /models']);

    const cost = await runCli(['cost', runIdFrom(result), '--project', 'todo', '--json'], { cwd, env });
    const spent = costSchema.parse(JSON.parse(cost.stdout));
    expect(Number(spent.total.costUsd)).toBeGreaterThan(0);
  });

  it('chooses per task among several listed models, with a backup from the list', async () => {
    const models = [
      { id: 'big-coder', context_length: 200_000, pricing: { prompt: '0.000003', completion: '0.000015' } },
      { id: 'small-writer', context_length: 32_000, pricing: { prompt: '0.0000001', completion: '0.0000002' } },
    ];
    const { cwd, env } = await bareEndpoint({ models });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--project', 'todo', '--json'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const selected = result.stdout
      .split('\n')
      .filter((line) => line.includes('"llm.model.selected"'))
      .map((line) => z.object({ payload: z.object({ primary: z.string(), backups: z.array(z.string()), reasons: z.array(z.string()) }) }).parse(JSON.parse(line)).payload);
    expect(selected).toHaveLength(1);
    const [choice] = selected;
    expect([choice!.primary, ...choice!.backups].sort()).toEqual(['openai-compatible:big-coder', 'openai-compatible:small-writer']);
    expect(choice!.reasons.join('\n')).toMatch(/^primary openai-compatible:/m);
    expect(server!.requests.every((req) => req.model === choice!.primary.replace('openai-compatible:', ''))).toBe(true);
  });

  it("reads Ollama's /api/tags when /models fails: its local models, free", async () => {
    const tags = [{ name: 'scripted:latest', model: 'scripted:latest', details: { parameter_size: '8B' } }];
    const { cwd, env, project } = await bareEndpoint({ modelsStatus: 404, tags });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--project', 'todo', '--explain-models'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(docExists(project, 'prd')).toBe(true);
    expect(result.stdout).toContain("catalog: 1 listed by Ollama's /api/tags");
    expect(result.stdout).toContain('model scripted:latest: the only model it lists');
    expect(result.stdout).toMatch(/primary openai-compatible:scripted:latest \(.*free/);
    expect(server!.requests.map((req) => req.model)).toEqual(['scripted:latest']);
    expect(server!.listings).toEqual(['GET /models', 'GET /api/tags']);
  });

  it('an endpoint that lists no models: one message, exit 2, nothing created', async () => {
    const { cwd, env, project } = await bareEndpoint({ models: [], tags: [] });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: OPENAI_BASE_URL is set to ${server!.url}, but there is no model to choose from: its GET /models (and Ollama's /api/tags) list none. Load or pull a model on the server (for Ollama: \`ollama pull llama3.2\`), or name one with --model (or models.default in atelier.config.yml); nothing was created.`,
    ]);
    expect(existsSync(project)).toBe(false);
    expect(server!.requests).toHaveLength(0);
  });
});
