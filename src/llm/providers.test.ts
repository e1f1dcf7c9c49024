import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRouter } from './build-router.js';
import { ModelConfigError, NoModelConfiguredError } from './model-config.js';
import { resolveProviders, usableProviders } from './providers.js';

const cacheDir = await mkdtemp(join(tmpdir(), 'atelier-providers-'));

describe('resolveProviders', () => {
  it('uses a base URL alone, as the first release did', () => {
    const resolved = resolveProviders({ baseUrl: 'http://localhost:11434/v1/', env: { OPENROUTER_API_KEY: 'or-key-12345678', OPENAI_API_KEY: 'oa-key-12345678' } });
    expect(resolved.providers).toHaveLength(1);
    expect(resolved.singleEndpoint?.source).toBe('--base-url');
    expect(resolved.providers[0]).toMatchObject({ name: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', apiKey: 'oa-key-12345678', structuredOutputs: true });
    expect(() => resolveProviders({ baseUrl: 'ftp://x', env: {} })).toThrow(ModelConfigError);
  });

  it('reads configured providers with their own key variables and limits, then adds keyed ones', () => {
    const { providers } = resolveProviders({
      config: {
        local: { type: 'ollama', rate_limit: { concurrency: 1 } },
        gateway: { base_url: 'https://gw.example/v1', api_key_env: 'GATEWAY_KEY', structured_outputs: true, models: { 'big-model': { rpm: 10 } } },
        openrouter: {},
      },
      env: { GATEWAY_KEY: 'gw-key-12345678', ANTHROPIC_API_KEY: 'ant-key-12345678' },
    });
    expect(providers.map((p) => [p.name, p.type, p.problem])).toEqual([
      ['local', 'ollama', undefined],
      ['gateway', 'openai-compatible', undefined],
      ['openrouter', 'openrouter', 'providers.openrouter needs its key: set OPENROUTER_API_KEY'],
      ['anthropic', 'anthropic', undefined],
    ]);
    expect(providers[0]).toMatchObject({ baseUrl: 'http://localhost:11434/v1', rateLimit: { concurrency: 1 } });
    expect(providers[1]).toMatchObject({ apiKey: 'gw-key-12345678', keyEnv: 'GATEWAY_KEY', modelRateLimits: { 'big-model': { rpm: 10 } } });
  });

  it('prefers --base-url over OPENAI_BASE_URL, treats blank variables as unset, and refuses what is not an http(s) URL', () => {
    expect(resolveProviders({ baseUrl: 'http://flag.local/v1', env: { OPENAI_BASE_URL: 'http://env.local/v1' } }).providers[0]?.baseUrl).toBe('http://flag.local/v1');
    expect(resolveProviders({ env: { OPENAI_BASE_URL: 'http://env.local/v1' } }).singleEndpoint?.source).toBe('OPENAI_BASE_URL');
    const blank = resolveProviders({ env: { OPENAI_BASE_URL: '  ', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: 'oa-key-12345678' } });
    expect(blank.singleEndpoint).toBeUndefined();
    expect(blank.providers.map((p) => p.name)).toEqual(['openai']);
    expect(() => resolveProviders({ baseUrl: 'localhost:11434', env: {} })).toThrow(/--base-url must be an http\(s\) URL/);
    expect(() => resolveProviders({ baseUrl: 'not a url', env: {} })).toThrow(/--base-url is not a URL/);
  });

  it('explains how to configure a model, and how to try the demo, when nothing is set', () => {
    const error: unknown = (() => {
      try {
        usableProviders(resolveProviders({ env: {} }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(NoModelConfiguredError.isInstance(error)).toBe(true);
    for (const hint of ['OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'OPENAI_API_KEY', 'atelier demo']) expect((error as Error).message).toContain(hint);
  });

  it('says what to set when nothing can be used', () => {
    expect(() => usableProviders(resolveProviders({ env: {} }))).toThrow(NoModelConfiguredError);
    expect(() => usableProviders(resolveProviders({ config: { openrouter: {} }, env: {} }))).toThrow(/set OPENROUTER_API_KEY/);
  });
});

describe('buildRouter', () => {
  it('chooses among the models a bare base URL lists, and calls exactly the one --model names', async () => {
    const env = { OPENAI_BASE_URL: 'http://endpoint.test/v1' };
    const listing = (ids: string[]) => async () => Response.json({ data: ids.map((id) => ({ id, pricing: { prompt: '0.000001', completion: '0.000002' } })) });
    const one = await buildRouter({}, {}, { env, cacheDir, fetch: listing(['scripted']), createModel: () => 'unused' });
    const choice = one.router.choose({ stageId: 'implement', role: 'engineer' });
    expect(choice.chain.map((entry) => entry.candidate.ref)).toEqual(['openai-compatible:scripted']);
    expect(choice.chain[0]?.candidate.model.pricing).toEqual({ prompt: '0.000001', completion: '0.000002' });

    const two = await buildRouter({}, {}, { env, cacheDir, fetch: listing(['a', 'b']), createModel: () => 'unused' });
    expect(two.router.choose({ stageId: 'implement', role: 'engineer' }).chain).toHaveLength(2);
    // --model: that model only, no backup, as in the first release; a listed one keeps its price.
    const pinned = await buildRouter({}, { model: 'b' }, { env, cacheDir, fetch: listing(['a', 'b']), createModel: () => 'unused' });
    const only = pinned.router.choose({ stageId: 'implement', role: 'engineer' }).chain;
    expect(only.map((entry) => entry.candidate.ref)).toEqual(['openai-compatible:b']);
    expect(only[0]?.candidate.model.pricing).toBeDefined();

    await expect(buildRouter({}, {}, { env, cacheDir, fetch: listing([]), createModel: () => 'unused' })).rejects.toThrow(
      /OPENAI_BASE_URL is set to http:\/\/endpoint.test\/v1, but there is no model to choose from: .*--model/,
    );
  });

  it('chooses from the catalog for a keyed provider, and refuses a capability list for an unknown task', async () => {
    const env = { OPENROUTER_API_KEY: 'or-key-12345678' };
    const { router, catalog } = await buildRouter({ optimize: 'quality' }, { freeOnly: true }, { env, cacheDir, createModel: () => 'unused' });
    expect(catalog?.openrouter.source).toBe('snapshot');
    expect(router.choose({ stageId: 'implement', role: 'engineer' }).chain[0]?.candidate.model.id).toMatch(/:free$/);
    await expect(buildRouter({ models: { capabilities: { coding: ['x'] } } }, {}, { env, cacheDir })).rejects.toThrow(/models.capabilities.coding is not a task type/);
  });
});
