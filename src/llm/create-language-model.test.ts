import { describe, expect, it } from 'vitest';
import { startFakeLlmServer } from '../../test/support/fake-llm-server.js';
import { createLanguageModel } from './create-language-model.js';
import { EndpointFormats } from './endpoint-formats.js';
import type { ModelSpec } from './model-config.js';
import { streamAnswer } from './stream-answer.js';

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

  it('spells the schema out after a refusal only where the prompt left it out (an endpoint configured as enforcing it)', async () => {
    const server = await startFakeLlmServer({ refuseResponseFormat: true });
    try {
      server.setResponder(() => ({ kind: 'text', content: '{"title":"t"}' }));
      const format = { schemaName: 'prd', jsonSchema: { type: 'object', properties: { title: { type: 'string' } } } };
      for (const schemaEnforced of [true, false]) {
        const formats = EndpointFormats.inMemory();
        await formats.remember(server.url, 'refused before');
        const model = createLanguageModel({ provider: 'openai-compatible', baseUrl: server.url, model: 'm', structuredOutputs: true, schemaEnforced }, { formats });
        const messages = [{ role: 'user' as const, content: 'a todo app' }];
        await streamAnswer({ model, site: { label: 'stage "write_prd"', model: 'local:m', runId: 'r-1' }, system: 'Write the PRD.', messages, format, timeoutMs: 5_000, now: Date.now });
      }
      const [enforced, spelled] = server.requests.map((request) => request.messages.at(-1)?.content ?? '');
      expect(enforced).toContain(`a todo app\n\n## Answer format\n`);
      expect(enforced).toContain('"title":{"type":"string"}');
      // The prompt itself already spelled it (withAnswerFormat did, in a real call): not added a second time.
      expect(spelled).toBe('a todo app');
    } finally {
      await server.close();
    }
  });
});
