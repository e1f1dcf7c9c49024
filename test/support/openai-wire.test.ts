import { describe, expect, it } from 'vitest';
import type { FakeChatRequest } from './fake-llm-types.js';
import { openAiError, openAiMalformed, openAiText, openAiToolCalls, openAiTruncated } from './openai-wire.js';

function request(overrides: Partial<FakeChatRequest> = {}): FakeChatRequest {
  return {
    api: 'openai',
    model: 'gpt-4o-mini',
    system: 'You are the Architect.',
    messages: [{ role: 'user', content: 'Write the design' }],
    stream: false,
    headers: {},
    body: {},
    bodyHash: 'x',
    index: 3,
    ...overrides,
  };
}

const streaming = (includeUsage: boolean) =>
  request({ stream: true, body: includeUsage ? { stream: true, stream_options: { include_usage: true } } : { stream: true } });

/** The JSON payloads of an SSE response, `[DONE]` kept as a string. */
function events(frames: string[]): unknown[] {
  return frames.map((frame) => {
    expect(frame).toMatch(/^data: .*\n\n$/s);
    const data = frame.slice('data: '.length).trim();
    return data === '[DONE]' ? data : JSON.parse(data);
  });
}

describe('openai wire', () => {
  it('lays out a completion like openai_chat_response.json', () => {
    const wire = openAiText(request(), { kind: 'text', content: 'Hi', usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 4 }, cost: 0.0005 });

    expect(wire.status).toBe(200);
    expect(wire.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'req_fake_3' });
    const body = JSON.parse(wire.frames.join(''));
    expect(Object.keys(body).sort()).toEqual(['choices', 'created', 'id', 'model', 'object', 'system_fingerprint', 'usage']);
    expect(body).toMatchObject({
      id: 'chatcmpl-fake-3',
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 }, cost: 0.0005 },
    });
  });

  it('puts usage in a last chunk with no choices only when include_usage was asked for', () => {
    const content = 'x'.repeat(40);
    const withUsage = events(openAiText(streaming(true), { kind: 'text', content }).frames);
    const without = events(openAiText(streaming(false), { kind: 'text', content }).frames);

    expect(withUsage.at(-1)).toBe('[DONE]');
    expect(withUsage.at(-2)).toMatchObject({ object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: 10 } });
    expect(withUsage.slice(0, -2).every((chunk) => (chunk as { usage: unknown }).usage === null)).toBe(true);
    expect(without.some((chunk) => typeof chunk === 'object' && chunk !== null && 'usage' in chunk)).toBe(false);
    expect(without.at(-2)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
  });

  it('streams tool calls as openai_chat_stream.sse does: id and name first, arguments after', () => {
    const args = '{"path":"main.py","content":"print(1)"}';
    const chunks = events(openAiToolCalls(streaming(true), { kind: 'tool_calls', calls: [{ id: 'call_abc', name: 'write_file', arguments: args }] }).frames);

    expect(chunks[0]).toMatchObject({
      choices: [{ delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'write_file', arguments: '' } }] } }],
    });
    const streamedArgs = chunks
      .slice(1, -3)
      .map((chunk) => (chunk as { choices: { delta: { tool_calls: { function: { arguments: string } }[] } }[] }).choices[0]?.delta.tool_calls[0]?.function.arguments)
      .join('');
    expect(streamedArgs).toBe(args);
    expect(chunks.at(-3)).toMatchObject({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] });
  });

  it('gives each tool call an id when the script leaves it out', () => {
    const body = JSON.parse(openAiToolCalls(request(), { kind: 'tool_calls', calls: [{ name: 'a', arguments: '{}' }, { name: 'b', arguments: '{}' }] }).frames[0] ?? '');

    expect(body.choices[0].message.tool_calls.map((c: { id: string }) => c.id)).toEqual(['call_fake_3_0', 'call_fake_3_1']);
    expect(body.choices[0]).toMatchObject({ message: { content: null }, finish_reason: 'tool_calls' });
  });

  it('uses the fixture error bodies by status and a generic one otherwise', () => {
    const body = (status: number) => JSON.parse(openAiError(request(), status).frames[0] ?? '');

    expect(body(400).error).toMatchObject({ code: 'context_length_exceeded', param: 'messages' });
    expect(body(401).error.code).toBe('invalid_api_key');
    expect(body(429).error.code).toBe('rate_limit_exceeded');
    expect(body(500).error.type).toBe('server_error');
    expect(body(418).error).toEqual({ message: 'Fake LLM server error (HTTP 418).', type: 'invalid_request_error', param: null, code: null });
    expect(openAiError(request(), 429, undefined, { 'retry-after': '2' }).headers).toMatchObject({ 'retry-after': '2' });
  });

  it('cuts replies short: half a JSON body under a full content-length, or a stream with no end', () => {
    const cut = openAiTruncated(request(), 'abcdefgh');
    const cutStream = events(openAiTruncated(streaming(true), 'abcdefgh').frames);

    expect(cut.cutOff).toBe(true);
    expect(Number(cut.headers['content-length'])).toBeGreaterThan((cut.frames[0] ?? '').length);
    expect(cutStream.map((c) => (c as { choices: { delta: { content: string } }[] }).choices[0]?.delta.content).join('')).toBe('abcd');
    expect(cutStream).not.toContain('[DONE]');
    expect(() => JSON.parse(openAiMalformed(request()).frames.join(''))).toThrow();
  });
});
