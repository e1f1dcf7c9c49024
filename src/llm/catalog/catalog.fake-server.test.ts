import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../../../test/support/fake-llm-server.js';
import { defaultOpenRouterModels } from '../../../test/support/catalog-wire.js';
import { endpoint } from '../candidates.test-support.js';
import { CATALOG_CACHE_FILE, loadOpenRouterCatalog, snapshotCatalog, updateOpenRouterCatalog } from './catalog-cache.js';
import { CatalogFetchError } from './fetch-json.js';
import { listEndpointModels } from './local-catalogs.js';
import { buildCandidates, loadCatalog } from './model-candidates.js';
import { parseModelList } from './openrouter-catalog.js';

let server: FakeLlmServer;
let dir: string;
beforeEach(async () => {
  server = await startFakeLlmServer({
    models: [...defaultOpenRouterModels, { id: 'openrouter/auto', name: 'Auto Router', pricing: { prompt: '-1', completion: '-1' } }, { name: 'no id' }],
  });
  dir = await mkdtemp(join(tmpdir(), 'atelier-catalog-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the OpenRouter catalog', () => {
  it('reads the wire format: context, prices as decimal strings, parameters, modalities', () => {
    const { models, skipped } = parseModelList({ data: defaultOpenRouterModels }, 'update');
    expect(skipped).toBe(0);
    expect(models[0]).toMatchObject({
      id: 'openai/gpt-4o',
      contextLength: 128000,
      maxOutputTokens: 16384,
      pricing: { prompt: '0.0000025', completion: '0.00001', cacheRead: '0.00000125' },
      capabilities: { structuredOutputs: true, tools: true, reasoning: false, vision: true },
    });
  });

  it('ships a snapshot that works offline, with its date', () => {
    const snapshot = snapshotCatalog();
    expect(snapshot.source).toBe('snapshot');
    expect(snapshot.models.length).toBeGreaterThan(20);
    expect(snapshot.models.find((m) => m.id === 'anthropic/claude-sonnet-4.5')?.pricing).toEqual({ prompt: '0.000003', completion: '0.000015', cacheRead: '0.0000003', cacheWrite: '0.00000375' });
    expect(snapshot.models.filter((m) => m.id.endsWith(':free')).every((m) => m.pricing?.prompt === '0')).toBe(true);
  });

  it('`models update` caches the fetched catalog with its date; loading prefers it to the snapshot', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const updated = await updateOpenRouterCatalog({ baseUrl: server.url, cacheDir: dir, apiKey: 'or-key-abcdefgh', now: () => now });
    // The router with unknown ("-1") prices is kept with no price; the entry without an id is skipped.
    expect(updated).toMatchObject({ fetchedAt: '2026-03-01T12:00:00.000Z', skipped: 1, url: `${server.url}/models` });
    expect(updated.models.map((m) => m.id)).toEqual(['openai/gpt-4o', 'openrouter/auto']);
    expect(updated.models[1]!.pricing).toBeUndefined();
    const loaded = await loadOpenRouterCatalog(dir);
    expect(loaded).toMatchObject({ source: 'update', fetchedAt: '2026-03-01T12:00:00.000Z' });
    expect(loaded.models).toHaveLength(2);
  });

  it('falls back to the snapshot when the cache is damaged, and names the URL when the fetch fails', async () => {
    await writeFile(join(dir, CATALOG_CACHE_FILE), '{"version": 1, "data": [');
    expect((await loadOpenRouterCatalog(dir)).source).toBe('snapshot');
    const failed = await updateOpenRouterCatalog({ baseUrl: `${server.origin}/nowhere`, cacheDir: dir }).catch((error: unknown) => error);
    expect(CatalogFetchError.isInstance(failed)).toBe(true);
    expect((failed as Error).message).toContain(`${server.origin}/nowhere/models: HTTP 404`);
    expect(await readFile(join(dir, CATALOG_CACHE_FILE), 'utf8')).toBe('{"version": 1, "data": [');
  });
});

describe('models per provider', () => {
  it('joins Ollama tags and an endpoint /models list, and leaves out a provider that does not answer', async () => {
    const providers = [
      endpoint('ollama', { type: 'ollama', baseUrl: `${server.origin}/v1`, structuredOutputs: false }),
      endpoint('gateway', { type: 'openai-compatible', baseUrl: server.url, structuredOutputs: false }),
      endpoint('down', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', structuredOutputs: false }),
    ];
    const catalog = await loadCatalog({ providers, cacheDir: dir, timeoutMs: 2_000 });
    expect(catalog.listed.get('ollama')?.map((m) => [m.id, m.pricing?.prompt])).toEqual([['llama3.2:latest', '0']]);
    expect(catalog.listed.get('gateway')?.[0]).toMatchObject({ id: 'openai/gpt-4o', source: 'endpoint', contextLength: 128000 });
    expect(catalog.unreachable.get('down')).toContain('http://127.0.0.1:9/v1/models');
    const refs = buildCandidates(providers, catalog).map((c) => c.ref);
    expect(refs).toEqual(['ollama:llama3.2:latest', 'gateway:openai/gpt-4o', 'gateway:openrouter/auto']);
  });

  it("falls back to Ollama's /api/tags when /models fails or lists nothing, and asks it first at Ollama's port", async () => {
    const asked: string[] = [];
    const answers: Record<string, () => Response> = {
      '/v1/models': () => new Response('not here', { status: 404 }),
      '/api/tags': () => Response.json({ models: [{ name: 'qwen2.5-coder:7b', details: { parameter_size: '7.6B' } }] }),
    };
    const fetchStub = async (url: string) => {
      const path = new URL(url).pathname;
      asked.push(`${new URL(url).port} ${path}`);
      return (answers[path] ?? (() => new Response('', { status: 404 })))();
    };
    expect((await listEndpointModels('http://127.0.0.1:8080/v1', { timeoutMs: 1000, fetch: fetchStub })).map((m) => [m.id, m.name, m.pricing?.prompt])).toEqual([
      ['qwen2.5-coder:7b', 'qwen2.5-coder:7b (7.6B)', '0'],
    ]);
    await listEndpointModels('http://localhost:11434/v1', { timeoutMs: 1000, fetch: fetchStub });
    expect(asked).toEqual(['8080 /v1/models', '8080 /api/tags', '11434 /api/tags']);
    const neither = await listEndpointModels('http://127.0.0.1:8080/nothing', { timeoutMs: 1000, fetch: fetchStub }).catch((error: unknown) => error);
    expect((neither as Error).message).toContain('http://127.0.0.1:8080/nothing/models: HTTP 404');
  });

  it("serves OpenAI and Anthropic models under their providers' own ids", () => {
    const catalog = { openrouter: snapshotCatalog(), listed: new Map(), unreachable: new Map() };
    const refs = buildCandidates([endpoint('openai', { type: 'openai' }), endpoint('anthropic', { type: 'anthropic' })], catalog).map((c) => c.ref);
    expect(refs).toContain('openai:gpt-4.1-mini');
    expect(refs).toContain('anthropic:claude-sonnet-4-5');
    expect(refs).toContain('anthropic:claude-3-5-haiku-latest');
    expect(refs.some((ref) => ref.includes('gpt-oss') || ref.includes(':free'))).toBe(false);
  });
});
