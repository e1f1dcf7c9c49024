import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, Output, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.js';
import { scriptedResponder } from './scripted-responder.js';

let server: FakeLlmServer;

beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});

function model(options: { includeUsage?: boolean; supportsStructuredOutputs?: boolean } = {}) {
  const provider = createOpenAICompatible({ name: 'fake', baseURL: server.url, apiKey: 'test-key', ...options });
  return provider.chatModel('gpt-4o-mini');
}

describe('fake LLM server, OpenAI chat completions through @ai-sdk/openai-compatible', () => {
  it('answers generateText and reports the scripted usage, cached tokens included', async () => {
    server.setResponder(() => ({ kind: 'text', content: 'Hello there.', usage: { inputTokens: 120, outputTokens: 7, cachedInputTokens: 20 } }));

    const result = await generateText({ model: model(), system: 'You are the Architect.', prompt: 'Design a CLI snake game' });

    expect(result.text).toBe('Hello there.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(120);
    expect(result.usage.outputTokens).toBe(7);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(20);
    expect(result.usage.inputTokenDetails.noCacheTokens).toBe(100);
    const [request] = server.requests;
    expect(request).toMatchObject({
      api: 'openai',
      model: 'gpt-4o-mini',
      system: 'You are the Architect.',
      messages: [{ role: 'user', content: 'Design a CLI snake game' }],
      stream: false,
      index: 0,
    });
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(request?.bodyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('streams text in pieces and sends usage in the last chunk when include_usage is asked for', async () => {
    const content = 'A long answer that the fake server sends in several small deltas.';
    server.setResponder(() => ({ kind: 'text', content }));

    const result = streamText({ model: model({ includeUsage: true }), prompt: 'Say something long' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);

    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(content);
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(Math.ceil('Say something long'.length / 4));
    expect(usage.outputTokens).toBe(Math.ceil(content.length / 4));
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends no usage when the provider does not ask for it, as OpenAI does', async () => {
    server.setResponder(() => ({ kind: 'text', content: 'short' }));

    const result = streamText({ model: model(), prompt: 'hi' });

    expect(await result.text).toBe('short');
    expect((await result.usage).inputTokens).toBeUndefined();
    expect(server.requests[0]?.body).not.toHaveProperty('stream_options');
  });

  it('logs the json_schema response_format the provider sends for structured output', async () => {
    const schema = z.object({ tasks: z.array(z.string()) });
    server.setResponder(() => ({ kind: 'text', content: '{"tasks":["draw board","move snake"]}' }));

    const result = await generateText({
      model: model({ supportsStructuredOutputs: true }),
      output: Output.object({ schema, name: 'task_list' }),
      prompt: 'Plan the tasks',
    });

    expect(result.output).toEqual({ tasks: ['draw board', 'move snake'] });
    expect(server.requests[0]?.responseFormat).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'task_list', strict: true, schema: { type: 'object', required: ['tasks'] } },
    });
  });

  it('without supportsStructuredOutputs the provider only asks for json_object', async () => {
    server.setResponder(() => ({ kind: 'text', content: '{"ok":true}' }));

    const result = await generateText({ model: model(), output: Output.object({ schema: z.object({ ok: z.boolean() }) }), prompt: 'ok?' });

    expect(result.output).toEqual({ ok: true });
    expect(server.requests[0]?.responseFormat).toEqual({ type: 'json_object' });
  });

  it('returns tool calls the SDK parses, in both JSON and streaming form', async () => {
    const writeFile = tool({ description: 'Write a file', inputSchema: z.object({ path: z.string(), content: z.string() }) });
    const calls = [{ id: 'call_abc', name: 'write_file', arguments: '{"path":"main.py","content":"print(1)"}' }];
    server.setResponder(() => ({ kind: 'tool_calls', calls }));

    const generated = await generateText({ model: model(), tools: { write_file: writeFile }, prompt: 'Write main.py' });
    const streamed = streamText({ model: model({ includeUsage: true }), tools: { write_file: writeFile }, prompt: 'Write main.py' });

    for (const toolCalls of [generated.toolCalls, await streamed.toolCalls]) {
      expect(toolCalls).toMatchObject([{ toolCallId: 'call_abc', toolName: 'write_file', input: { path: 'main.py', content: 'print(1)' } }]);
    }
    expect(generated.finishReason).toBe('tool-calls');
    expect(await streamed.finishReason).toBe('tool-calls');
    expect(server.requests[0]?.tools).toMatchObject([{ type: 'function', function: { name: 'write_file' } }]);
  });
});

describe('fake LLM server, failures the llm layer must survive', () => {
  it('turns a 429 with Retry-After into an APICallError carrying status, headers and the fixture body', async () => {
    server.setResponder(() => ({ kind: 'error', status: 429, headers: { 'retry-after': '20' } }));

    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    if (!APICallError.isInstance(error)) return;
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.responseHeaders?.['retry-after']).toBe('20');
    expect(error.message).toContain('Rate limit reached');
    expect(JSON.parse(error.responseBody ?? '')).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });

  it('lets the SDK retry after the delay named by retry-after-ms, then succeed', async () => {
    server.setResponder(
      scriptedResponder([
        { kind: 'error', status: 503, headers: { 'retry-after-ms': '30' } },
        { kind: 'text', content: 'second time lucky' },
      ]),
    );

    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 1 });

    expect(result.text).toBe('second time lucky');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.bodyHash).toBe(server.requests[0]?.bodyHash);
  });

  it('makes streamText fail when the stream is cut before its end', async () => {
    server.setResponder(() => ({ kind: 'truncate', content: 'This answer never finishes because the line drops.' }));

    const result = streamText({ model: model({ includeUsage: true }), prompt: 'hi', maxRetries: 0 });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const delta of result.textStream) received.push(delta);
    })().catch((e: unknown) => e);

    // The dropped socket rejects the stream itself (no `error` part, no onError call).
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(received.join('')).toBe('This answer never finishe');
    await expect(Promise.resolve(result.text)).rejects.toThrow();
  });

  it('reports a malformed stream event as an error part and an `error` finish reason', async () => {
    server.setResponder(() => ({ kind: 'malformed' }));
    const errors: unknown[] = [];

    const result = streamText({ model: model(), prompt: 'hi', maxRetries: 0, onError: ({ error }) => void errors.push(error) });

    // Unlike a dropped socket, a bad event does not reject: the text is simply empty.
    expect(await result.text).toBe('');
    expect(await result.finishReason).toBe('error');
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/JSON parsing failed/);
  });

  it('fails generateText on a cut JSON body and on a malformed one', async () => {
    server.setResponder(scriptedResponder([{ kind: 'truncate', content: 'cut' }, { kind: 'malformed' }]));

    await expect(generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).rejects.toThrow();
    await expect(generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).rejects.toThrow(/JSON/);
    expect(server.requests).toHaveLength(2);
  });

  it('keeps a hung request open until the client gives up, then counts it as finished', async () => {
    server.setResponder(() => ({ kind: 'hang' }));

    const started = Date.now();
    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0, abortSignal: AbortSignal.timeout(150) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/TimeoutError|AbortError/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect.poll(() => server.inFlight).toBe(0);
  });

  it('close() ends hung requests and frees the port', async () => {
    server.setResponder(() => ({ kind: 'hang' }));
    const pending = generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
    await expect.poll(() => server.requests.length).toBe(1);

    await server.close();

    expect(await pending).toBeInstanceOf(Error);
    const port = Number(new URL(server.origin).port);
    const again = await startFakeLlmServer({ port });
    expect(again.origin).toBe(server.origin);
    await again.close();
  });

  it('answers a clear 500 when no responder is set', async () => {
    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error) && error.statusCode).toBe(500);
    expect((error as Error).message).toMatch(/no responder/);
  });

  it('answers a body that is not JSON with a 400 and does not log it', async () => {
    server.setResponder(() => ({ kind: 'text', content: 'never sent' }));

    const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: 'model=gpt' });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    expect(server.requests).toHaveLength(0);
  });

  it('stalls mid-stream: the first half of the answer arrives, then nothing until the client gives up', async () => {
    server.setResponder(() => ({ kind: 'stall', content: 'The first half. The second half never comes.' }));
    const result = streamText({ model: model({ includeUsage: true }), prompt: 'hi', maxRetries: 0, abortSignal: AbortSignal.timeout(300), onError: () => undefined });
    let text = '';
    for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text;

    expect(text).toBe('The first half. The se');
    await expect.poll(() => server.inFlight).toBe(0);
  });

  it('refuses a response_format with an OpenAI-style 400 naming it, when asked to', async () => {
    const refusing = await startFakeLlmServer({ refuseResponseFormat: true, responder: () => ({ kind: 'text', content: '{"ok":true}' }) });
    try {
      const structured = createOpenAICompatible({ name: 'fake', baseURL: refusing.url, supportsStructuredOutputs: true }).chatModel('m');
      const schema = z.object({ ok: z.boolean() });
      const error = await generateText({ model: structured, prompt: 'hi', output: Output.object({ schema }), maxRetries: 0 }).catch((e: unknown) => e);
      const plain = await generateText({ model: structured, prompt: 'hi', maxRetries: 0 });

      expect(APICallError.isInstance(error) && error.statusCode).toBe(400);
      expect((error as APICallError).responseBody).toContain('"param":"response_format"');
      expect(plain.text).toBe('{"ok":true}');
      expect(refusing.requests).toHaveLength(2);
    } finally {
      await refusing.close();
    }
  });

  it('tracks how many requests were in flight at once', async () => {
    server.setResponder(() => ({ kind: 'text', content: 'slow', delayMs: 100 }));

    await Promise.all([1, 2, 3].map(() => generateText({ model: model(), prompt: 'hi' })));

    expect(server.maxConcurrent).toBe(3);
    expect(server.inFlight).toBe(0);
  });
});

describe('fake LLM server, catalogs', () => {
  it('serves the OpenRouter catalog on GET /v1/models and Ollama tags on GET /api/tags', async () => {
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string; pricing: { prompt: string } }[] };
    const tags = (await (await fetch(`${server.origin}/api/tags`)).json()) as { models: { name: string }[] };

    expect(models.data[0]).toMatchObject({ id: 'openai/gpt-4o', context_length: 128000, pricing: { prompt: '0.0000025' } });
    expect(tags.models[0]?.name).toBe('llama3.2:latest');
  });

  it('serves the models it was given, and a 404 naming its routes for anything else', async () => {
    const custom = await startFakeLlmServer({ models: [{ id: 'acme/tiny' }] });
    try {
      const models = (await (await fetch(`${custom.url}/models`)).json()) as { data: unknown[]; total_count: number };
      const missing = await fetch(`${custom.url}/embeddings`, { method: 'POST', body: '{}' });

      expect(models).toMatchObject({ data: [{ id: 'acme/tiny' }], total_count: 1 });
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('POST /v1/chat/completions');
    } finally {
      await custom.close();
    }
  });

  it('fails GET /models with the status it was given, serves the tags it was given, and logs each list request', async () => {
    const ollama = await startFakeLlmServer({ modelsStatus: 404, tags: [{ name: 'qwen2.5-coder:7b' }] });
    try {
      expect((await fetch(`${ollama.url}/models`)).status).toBe(404);
      expect(await (await fetch(`${ollama.origin}/api/tags`)).json()).toEqual({ models: [{ name: 'qwen2.5-coder:7b' }] });
      expect(ollama.listings).toEqual(['GET /models', 'GET /api/tags']);
    } finally {
      await ollama.close();
    }
  });
});
