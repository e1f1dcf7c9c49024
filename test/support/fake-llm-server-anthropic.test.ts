import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText, Output, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.js';

let server: FakeLlmServer;

beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});

const model = (id = 'claude-sonnet-4-5') => createAnthropic({ baseURL: `${server.origin}/v1`, apiKey: 'test-key' })(id);
const writeFile = tool({ description: 'Write a file', inputSchema: z.object({ path: z.string(), content: z.string() }) });

describe('fake LLM server, Anthropic messages through @ai-sdk/anthropic', () => {
  it('answers generateText with the scripted text and usage, cache reads added back into input', async () => {
    server.setResponder(() => ({ kind: 'text', content: 'Done.', usage: { inputTokens: 1024, outputTokens: 87, cachedInputTokens: 24 } }));

    const result = await generateText({ model: model(), system: 'You are the Engineer.', prompt: 'Implement main.py' });

    expect(result.text).toBe('Done.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 1024, outputTokens: 87, inputTokenDetails: { cacheReadTokens: 24, noCacheTokens: 1000 } });
    const [request] = server.requests;
    expect(request).toMatchObject({
      api: 'anthropic',
      model: 'claude-sonnet-4-5',
      system: 'You are the Engineer.',
      messages: [{ role: 'user', content: 'Implement main.py' }],
      stream: false,
    });
    expect(request?.headers).toMatchObject({ 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' });
  });

  it('streams the message events into text and usage', async () => {
    const content = 'Streaming from the fake Anthropic endpoint, piece by piece.';
    server.setResponder(() => ({ kind: 'text', content, finishReason: 'length' }));

    const result = streamText({ model: model(), prompt: 'Stream please' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);

    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(content);
    expect(await result.finishReason).toBe('length');
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(Math.ceil('Stream please'.length / 4));
    expect(usage.outputTokens).toBe(Math.ceil(content.length / 4));
    expect(server.requests[0]?.stream).toBe(true);
  });

  it('returns tool_use blocks as tool calls, in both JSON and streaming form', async () => {
    server.setResponder(() => ({ kind: 'tool_calls', calls: [{ id: 'toolu_02', name: 'write_file', arguments: '{"path":"README.md","content":"# Snake"}' }] }));

    const generated = await generateText({ model: model(), tools: { write_file: writeFile }, prompt: 'Write the readme' });
    const streamed = streamText({ model: model(), tools: { write_file: writeFile }, prompt: 'Write the readme' });

    for (const toolCalls of [generated.toolCalls, await streamed.toolCalls]) {
      expect(toolCalls).toMatchObject([{ toolCallId: 'toolu_02', toolName: 'write_file', input: { path: 'README.md', content: '# Snake' } }]);
    }
    expect(await streamed.finishReason).toBe('tool-calls');
    expect(server.requests[0]?.tools).toMatchObject([{ name: 'write_file', input_schema: { type: 'object' } }]);
  });

  it('refuses tool arguments Anthropic could not carry, with a 500 that says why', async () => {
    server.setResponder(() => ({ kind: 'tool_calls', calls: [{ name: 'write_file', arguments: '{"path":' }] }));

    const error = await generateText({ model: model(), tools: { write_file: writeFile }, prompt: 'x', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error) && error.statusCode).toBe(500);
    expect((error as Error).message).toMatch(/not a JSON object/);
  });

  it('logs output_config.format for native structured output and answers it', async () => {
    server.setResponder(() => ({ kind: 'text', content: '{"goals":["playable"]}' }));

    const result = await generateText({ model: model(), output: Output.object({ schema: z.object({ goals: z.array(z.string()) }) }), prompt: 'PRD' });

    expect(result.output).toEqual({ goals: ['playable'] });
    expect(server.requests[0]?.responseFormat).toMatchObject({ type: 'json_schema', schema: { type: 'object', required: ['goals'] } });
  });

  it('answers the forced `json` tool older models get for structured output, as a real model would', async () => {
    server.setResponder(() => ({ kind: 'text', content: '{"ok":true}' }));

    const result = await generateText({ model: model('claude-3-haiku-20240307'), output: Output.object({ schema: z.object({ ok: z.boolean() }) }), prompt: 'ok?' });

    expect(result.output).toEqual({ ok: true });
    expect(server.requests[0]?.responseFormat).toBeUndefined();
    expect(server.requests[0]?.body).toMatchObject({ tools: [{ name: 'json' }], tool_choice: { type: 'any' } });
  });
});

describe('fake LLM server, Anthropic failures', () => {
  it('turns a 529 into a retryable APICallError with the overloaded_error body', async () => {
    server.setResponder(() => ({ kind: 'error', status: 529 }));

    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    if (!APICallError.isInstance(error)) return;
    expect(error.statusCode).toBe(529);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe('Overloaded');
    expect(JSON.parse(error.responseBody ?? '')).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(error.responseHeaders?.['request-id']).toBe('req_fake_0');
  });

  it('carries retry-after on a 429 rate_limit_error', async () => {
    server.setResponder(() => ({ kind: 'error', status: 429, headers: { 'retry-after': '20' } }));

    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error) && error.responseHeaders?.['retry-after']).toBe('20');
    expect((error as Error).message).toMatch(/per-minute rate limit/);
  });

  it('makes streamText fail when the event stream is cut', async () => {
    server.setResponder(() => ({ kind: 'truncate', content: 'Half of this arrives, the rest is lost to a dropped line.' }));

    const result = streamText({ model: model(), prompt: 'hi', maxRetries: 0 });

    await expect(Promise.resolve(result.text)).rejects.toThrow();
  });

  it('fails generateText on a malformed body', async () => {
    server.setResponder(() => ({ kind: 'malformed' }));

    await expect(generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).rejects.toThrow(/JSON/);
  });
});
