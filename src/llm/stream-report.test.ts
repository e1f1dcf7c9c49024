import { describe, expect, it } from 'vitest';
import { StreamReport } from './stream-report.js';

describe('StreamReport', () => {
  it('reads the model, the usage and OpenRouter-style cost from OpenAI-compatible chunks', () => {
    const report = new StreamReport();
    report.observe({ id: 'c1', model: 'scripted-weak', choices: [{ delta: { content: '{"a"' } }], usage: null });
    expect(report.usage).toBeUndefined();
    report.observe({ id: 'c1', model: 'scripted-weak', choices: [], usage: { prompt_tokens: 1200, completion_tokens: 340, prompt_tokens_details: { cached_tokens: 200 }, cost: 0.0042 } });
    expect(report.model).toBe('scripted-weak');
    expect(report.usage).toEqual({ inputTokens: 1200, outputTokens: 340, cachedInputTokens: 200 });
    expect(report.costUsd).toBe(0.0042);
  });

  it("adds Anthropic's cached and cache-written input to the input, and takes the output from message_delta", () => {
    const report = new StreamReport();
    report.observe({ type: 'message_start', message: { model: 'claude-sonnet-4-5', usage: { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 50, cache_creation_input_tokens: 10 } } });
    report.observe({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } });
    report.observe({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 42 } });
    expect(report.model).toBe('claude-sonnet-4-5');
    expect(report.usage).toEqual({ inputTokens: 160, outputTokens: 42, cachedInputTokens: 50 });
  });

  it('ignores what it does not know, and reports no usage until some arrived', () => {
    const report = new StreamReport();
    for (const raw of [undefined, 'data', 42, { choices: [] }, { usage: { prompt_tokens: -1 } }, { type: 'ping' }]) report.observe(raw);
    expect(report.usage).toBeUndefined();
    expect(report.model).toBeUndefined();
    expect(report.costUsd).toBeUndefined();
  });
});
