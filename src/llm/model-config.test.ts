import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, ModelConfigError, NoModelConfiguredError, OPENROUTER_BASE_URL, resolveModelSpec } from './model-config.js';

describe('resolveModelSpec', () => {
  it('uses OPENAI_BASE_URL with --model, with or without a key', () => {
    expect(resolveModelSpec({ model: 'llama3.1' }, { OPENAI_BASE_URL: 'http://localhost:11434/v1/' })).toEqual({
      provider: 'openai-compatible',
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1',
      structuredOutputs: false,
    });
    expect(resolveModelSpec({ model: 'm' }, { OPENAI_BASE_URL: 'http://gw.local/v1', OPENAI_API_KEY: 'gw-key-123' })).toMatchObject({
      provider: 'openai-compatible',
      apiKey: 'gw-key-123',
    });
  });

  it('prefers --base-url over OPENAI_BASE_URL and over provider keys', () => {
    const spec = resolveModelSpec(
      { model: 'qwen', baseUrl: 'http://127.0.0.1:1234/v1' },
      { OPENAI_BASE_URL: 'http://elsewhere/v1', ANTHROPIC_API_KEY: 'a-key-123456' },
    );
    expect(spec).toMatchObject({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1234/v1', model: 'qwen' });
  });

  it('requires --model with a bare base URL and says so', () => {
    const attempt = () => resolveModelSpec({}, { OPENAI_BASE_URL: 'http://localhost:11434/v1' });
    expect(attempt).toThrow(ModelConfigError);
    expect(attempt).toThrow(/OPENAI_BASE_URL is set to http:\/\/localhost:11434\/v1.*add --model/);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => resolveModelSpec({ model: 'm', baseUrl: 'localhost:11434' }, {})).toThrow(/--base-url must be an http\(s\) URL/);
    expect(() => resolveModelSpec({ model: 'm', baseUrl: 'not a url' }, {})).toThrow(/--base-url is not a URL/);
  });

  it('picks Anthropic, then OpenRouter, then OpenAI by key, with default models', () => {
    const all = { ANTHROPIC_API_KEY: 'ant-key-1', OPENROUTER_API_KEY: 'or-key-1', OPENAI_API_KEY: 'oa-key-1' };
    expect(resolveModelSpec({}, all)).toEqual({ provider: 'anthropic', apiKey: 'ant-key-1', model: DEFAULT_MODELS.anthropic, structuredOutputs: true });
    expect(resolveModelSpec({}, { OPENROUTER_API_KEY: 'or-key-1', OPENAI_API_KEY: 'oa-key-1' })).toEqual({
      provider: 'openrouter',
      baseUrl: OPENROUTER_BASE_URL,
      apiKey: 'or-key-1',
      model: DEFAULT_MODELS.openrouter,
      structuredOutputs: true,
    });
    expect(resolveModelSpec({}, { OPENAI_API_KEY: 'oa-key-1' })).toEqual({ provider: 'openai', apiKey: 'oa-key-1', model: DEFAULT_MODELS.openai, structuredOutputs: true });
  });

  it('lets --model and a structured-output override win over the defaults', () => {
    expect(resolveModelSpec({ model: 'anthropic/claude-sonnet-4.5', structuredOutputs: false }, { OPENROUTER_API_KEY: 'k-123456789' })).toMatchObject({
      provider: 'openrouter',
      model: 'anthropic/claude-sonnet-4.5',
      structuredOutputs: false,
    });
  });

  it('treats blank env values as unset', () => {
    expect(resolveModelSpec({}, { OPENAI_BASE_URL: '  ', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: 'oa-key-1' }).provider).toBe('openai');
  });

  it('explains how to configure a model when nothing is set', () => {
    let error: unknown;
    try {
      resolveModelSpec({}, {});
    } catch (caught) {
      error = caught;
    }
    expect(NoModelConfiguredError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    for (const name of ['ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'atelier demo']) {
      expect(message).toContain(name);
    }
    expect(message).toContain('OPENAI_BASE_URL=http://localhost:11434/v1 atelier run --model llama3.1 --idea "…"');
  });
});
