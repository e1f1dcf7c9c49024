import { describe, expect, it } from 'vitest';
import { answeringModelId } from './answering-model.js';

describe('answeringModelId', () => {
  it('keeps the asked id when the response names no model, the same one, or a snapshot or tag of it', () => {
    expect(answeringModelId('gpt-4.1-mini', undefined)).toBe('gpt-4.1-mini');
    expect(answeringModelId('gpt-4.1-mini', '  ')).toBe('gpt-4.1-mini');
    expect(answeringModelId('gpt-4.1-mini', 'gpt-4.1-mini')).toBe('gpt-4.1-mini');
    expect(answeringModelId('gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14')).toBe('gpt-4.1-mini');
    expect(answeringModelId('llama3.1', 'llama3.1:latest')).toBe('llama3.1');
    expect(answeringModelId('claude-sonnet-4-5', 'claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
  });

  it("reads OpenRouter's reordered names and a vendor prefix as the same model", () => {
    expect(answeringModelId('anthropic/claude-sonnet-4.5', 'anthropic/claude-4.5-sonnet-20250929')).toBe('anthropic/claude-sonnet-4.5');
    expect(answeringModelId('anthropic/claude-sonnet-4.5', 'claude-sonnet-4.5')).toBe('anthropic/claude-sonnet-4.5');
  });

  it('names the model that answered when a gateway handed the request to another one', () => {
    expect(answeringModelId('scripted', 'scripted-weak')).toBe('scripted-weak');
    expect(answeringModelId('anthropic/claude-sonnet-4.5', 'openai/gpt-4.1-mini')).toBe('openai/gpt-4.1-mini');
    // A size tier is another model, not a snapshot.
    expect(answeringModelId('gpt-4.1', 'gpt-4.1-mini')).toBe('gpt-4.1-mini');
  });
});
