import { describe, expect, it } from 'vitest';
import { anthropicError, anthropicText, anthropicToolCalls, anthropicTruncated } from './anthropic-wire.js';
import type { FakeChatRequest } from './fake-llm-types.js';

function request(overrides: Partial<FakeChatRequest> = {}): FakeChatRequest {
  return {
    api: 'anthropic',
    model: 'claude-sonnet-4-5',
    system: '',
    messages: [{ role: 'user', content: 'Implement main.py' }],
    stream: false,
    headers: {},
    body: {},
    bodyHash: 'x',
    index: 0,
    ...overrides,
  };
}

/** [event name, payload] pairs of an SSE response. */
function events(frames: string[]): [string, Record<string, unknown>][] {
  return frames.map((frame) => {
    const match = /^event: (\w+)\ndata: (.*)\n\n$/s.exec(frame);
    if (!match) throw new Error(`not an SSE frame: ${frame}`);
    const data = JSON.parse(match[2] ?? '') as Record<string, unknown>;
    expect(data.type).toBe(match[1]);
    return [match[1] ?? '', data];
  });
}

describe('anthropic wire', () => {
  it('lays out a message like anthropic_response.json, input tokens net of cache reads', () => {
    const wire = anthropicText(request(), { kind: 'text', content: 'Done.', usage: { inputTokens: 100, outputTokens: 5, cachedInputTokens: 30 } });
    const body = JSON.parse(wire.frames.join(''));

    expect(wire.headers['request-id']).toBe('req_fake_0');
    expect(body).toEqual({
      id: 'msg_fake_0',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 70, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 30 },
    });
  });

  it('streams text with the event sequence of anthropic_stream.sse', () => {
    const stream = events(anthropicText(request({ stream: true }), { kind: 'text', content: 'x'.repeat(20), finishReason: 'length' }).frames);

    expect(stream.map(([name]) => name)).toEqual([
      'message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta',
      'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(stream.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 5 } });
  });

  it('streams tool input as partial JSON after a block that opens with empty input', () => {
    const args = '{"path":"README.md","content":"# Snake"}';
    const stream = events(anthropicToolCalls(request({ stream: true }), { kind: 'tool_calls', calls: [{ id: 'toolu_02', name: 'write_file', arguments: args }] }).frames);

    expect(stream[1]?.[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_02', name: 'write_file', input: {} } });
    const partial = stream.filter(([name]) => name === 'content_block_delta').map(([, data]) => (data.delta as { partial_json: string }).partial_json);
    expect(partial.join('')).toBe(args);
    expect(stream.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('answers JSON text through the forced `json` tool, and plain text as text', () => {
    const body = { tools: [{ name: 'json' }], tool_choice: { type: 'any', disable_parallel_tool_use: true } };
    const asTool = JSON.parse(anthropicText(request({ body }), { kind: 'text', content: '{"ok":true}' }).frames[0] ?? '');
    const asText = JSON.parse(anthropicText(request({ body }), { kind: 'text', content: 'not json' }).frames[0] ?? '');

    expect(asTool).toMatchObject({ content: [{ type: 'tool_use', name: 'json', input: { ok: true } }], stop_reason: 'tool_use' });
    expect(asText.content).toEqual([{ type: 'text', text: 'not json' }]);
  });

  it('maps statuses to the documented error types', () => {
    const body = (status: number) => JSON.parse(anthropicError({ index: 7 }, status).frames[0] ?? '');

    expect(body(529)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_fake_7' });
    expect(body(413).error.type).toBe('request_too_large');
    expect(body(401).error.type).toBe('authentication_error');
    expect(body(503).error.type).toBe('api_error');
  });

  it('cuts a stream before message_delta and message_stop', () => {
    const wire = anthropicTruncated(request({ stream: true }), 'y'.repeat(40));
    const names = events(wire.frames).map(([name]) => name);

    expect(wire.cutOff).toBe(true);
    expect(names).not.toContain('message_stop');
    expect(names.filter((name) => name === 'content_block_delta')).toHaveLength(2);
  });
});
