import { describe, expect, it } from 'vitest';
import { createLanguageModel } from './create-language-model.js';
import type { ModelSpec } from './model-config.js';

function identify(spec: ModelSpec): { provider: string; modelId: string } {
  const model = createLanguageModel(spec);
  if (typeof model === 'string') throw new Error('expected a model object, got a gateway id');
  return { provider: model.provider, modelId: model.modelId };
}

describe('createLanguageModel', () => {
  it('builds the provider each spec names, without any network access', () => {
    expect(identify({ provider: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', structuredOutputs: false })).toEqual({
      provider: 'openai-compatible.chat',
      modelId: 'llama3.1',
    });
    expect(identify({ provider: 'openrouter', apiKey: 'k', model: 'openai/gpt-4.1-mini', structuredOutputs: true })).toEqual({
      provider: 'openrouter.chat',
      modelId: 'openai/gpt-4.1-mini',
    });
    expect(identify({ provider: 'anthropic', apiKey: 'k', model: 'claude-sonnet-4-5', structuredOutputs: true })).toEqual({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-4-5',
    });
    expect(identify({ provider: 'openai', apiKey: 'k', model: 'gpt-4.1-mini', structuredOutputs: true })).toEqual({ provider: 'openai.chat', modelId: 'gpt-4.1-mini' });
  });

  it('refuses an openai-compatible spec without a base URL', () => {
    expect(() => createLanguageModel({ provider: 'openai-compatible', model: 'm', structuredOutputs: false })).toThrow(/needs a baseUrl/);
  });
});
