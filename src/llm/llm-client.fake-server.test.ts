import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../../test/support/fake-llm-server.js';
import { openCassette } from './cassette.js';
import { createLlmClient } from './llm-client.js';
import { ModelCallError } from './model-call-error.js';
import type { ModelSpec } from './model-config.js';
import { memoryLlmStore } from './mock-model.test-support.js';
import type { CallContext, LlmEvent, StructuredRequest } from './types.js';

// The real AI SDK providers against the project's fake server: the wire formats, not mocks.

const designSchema = z.object({
  summary: z.string(),
  components: z.array(z.object({ name: z.string(), responsibility: z.string() })).min(1),
  notes: z.string().optional(),
});
type Design = z.infer<typeof designSchema>;

const design: Design = { summary: 'A CLI over a JSON file', components: [{ name: 'store', responsibility: 'reads and writes books.json' }] };
const context: CallContext = { runId: 'run-9', stageId: 'design', role: 'architect', label: 'stage "design"' };
const request: StructuredRequest<Design> = {
  context,
  system: 'You are the architect.',
  messages: [{ role: 'user', content: 'Design a reading-list CLI.' }],
  schema: designSchema,
  schemaName: 'system_design',
};

let server: FakeLlmServer;
let dir: string;
function replies(...script: FakeReply[]): void {
  let next = 0;
  server.setResponder(() => script[Math.min(next++, script.length - 1)]!);
}
function compatible(structuredOutputs: boolean, apiKey = 'fake-key-for-tests'): ModelSpec {
  return { provider: 'openai-compatible', baseUrl: server.url, apiKey, model: 'fake-model', structuredOutputs };
}

beforeEach(async () => {
  server = await startFakeLlmServer();
  dir = await mkdtemp(join(tmpdir(), 'atelier-llm-wire-'));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the openai-compatible provider against the fake server', () => {
  it('streams a structured answer, parses it and records its usage', async () => {
    replies({ kind: 'text', content: JSON.stringify(design), usage: { inputTokens: 321, outputTokens: 45, cachedInputTokens: 21 } });
    const store = memoryLlmStore();
    const events: LlmEvent[] = [];
    const client = createLlmClient({ spec: compatible(true), store, onEvent: (event) => events.push(event) });

    const result = await client.generateStructured(request);

    expect(result.value).toEqual(design);
    expect(result.usage).toEqual({ inputTokens: 321, outputTokens: 45, cachedInputTokens: 21 });
    expect(store.calls).toMatchObject([{ source: 'live', provider: 'openai-compatible', model: 'fake-model', inputTokens: 321, outputTokens: 45 }]);
    const sent = server.requests[0]!;
    expect(sent).toMatchObject({ stream: true, model: 'fake-model' });
    expect(sent.headers.authorization).toBe('Bearer fake-key-for-tests');
    // Non-strict: zod's optional `notes` would make OpenAI's strict mode reject the request.
    expect(sent.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { name: 'system_design', strict: false } });
    // Not known to show the model its response_format: the asking turn carries the schema too.
    expect(sent.messages.at(-1)!.content).toContain('"components"');
    expect(sent.system).not.toContain('"components"');
    expect(events.some((event) => event.type === 'llm.progress')).toBe(true);
  });

  it('sends no response_format to a server without structured outputs, and repairs over the wire', async () => {
    replies({ kind: 'text', content: '```json\n{"summary": "x"}\n```' }, { kind: 'text', content: JSON.stringify(design) });
    const result = await createLlmClient({ spec: compatible(false) }).generateStructured(request);
    expect(result).toMatchObject({ value: design, attempts: 2 });
    expect(server.requests[0]!.responseFormat).toBeUndefined();
    expect(server.requests[1]!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(server.requests[1]!.messages[2]!.content).toContain('- at components: Invalid input: expected array, received undefined');
  });

  it('fails a 401 at once with a ModelCallError that says what to do', async () => {
    replies({ kind: 'error', status: 401 });
    const error = (await createLlmClient({ spec: compatible(true), maxRetries: 2 })
      .generateStructured(request)
      .catch((caught: unknown) => caught)) as ModelCallError;
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^stage "design": the call to openai-compatible:fake-model failed \(HTTP 401\): Incorrect API key provided/);
    expect(error.message).toContain('The API key was refused');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 as often as the policy says, then gives up', async () => {
    replies({ kind: 'error', status: 500, headers: { 'retry-after-ms': '5' } });
    const error = (await createLlmClient({ spec: compatible(true), maxRetries: 1 })
      .generateStructured(request)
      .catch((caught: unknown) => caught)) as ModelCallError;
    expect(error.statusCode).toBe(500);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After on a 429 and succeeds on the next try', async () => {
    replies({ kind: 'error', status: 429, headers: { 'retry-after-ms': '5' } }, { kind: 'text', content: JSON.stringify(design) });
    const result = await createLlmClient({ spec: compatible(true) }).generateStructured(request);
    expect(result.value).toEqual(design);
    expect(server.requests).toHaveLength(2);
  });

  it('asks again when the connection drops mid-answer', async () => {
    replies({ kind: 'truncate', content: JSON.stringify(design) }, { kind: 'text', content: JSON.stringify(design) });
    const events: LlmEvent[] = [];
    const result = await createLlmClient({ spec: compatible(true), onEvent: (event) => events.push(event), retry: { baseDelayMs: 5 } }).generateStructured(request);
    expect(result.value).toEqual(design);
    expect(server.requests).toHaveLength(2);
    expect(events.find((event) => event.type === 'llm.call.failed')).toMatchObject({
      willRetry: true,
      error: expect.stringContaining('The connection broke while the answer was streaming'),
    });
  });

  it('asks again after a malformed stream, and reports it when it persists', async () => {
    replies({ kind: 'malformed' });
    const error = (await createLlmClient({ spec: compatible(true), maxRetries: 1, retry: { baseDelayMs: 5 } })
      .generateStructured(request)
      .catch((caught: unknown) => caught)) as ModelCallError;
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('not an OpenAI-compatible (or Anthropic) API response');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a server that never answers', async () => {
    replies({ kind: 'hang' });
    const error = (await createLlmClient({ spec: compatible(true), timeoutMs: 200, maxRetries: 0 })
      .generateStructured(request)
      .catch((caught: unknown) => caught)) as ModelCallError;
    expect(error.timedOut).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('says the endpoint is unreachable when nothing listens there', async () => {
    const url = server.url;
    await server.close();
    const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: url, model: 'fake-model', structuredOutputs: false };
    const error = (await createLlmClient({ spec, maxRetries: 0 }).generateStructured(request).catch((caught: unknown) => caught)) as ModelCallError;
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('Could not reach the endpoint');
  });

  it('re-recording replaces a stale cassette entry with the fresh answer', async () => {
    const file = join(dir, 'stale.cassette.json');
    const fresh = { ...design, summary: 'fresh' };
    replies({ kind: 'text', content: JSON.stringify(design) });
    await createLlmClient({ spec: compatible(true), cassette: await openCassette(file, 'record') }).generateStructured(request);
    replies({ kind: 'text', content: JSON.stringify(fresh) });
    await createLlmClient({ spec: compatible(true), cassette: await openCassette(file, 'record') }).generateStructured(request);
    const replayed = await createLlmClient({ cassette: await openCassette(file, 'replay') }).generateStructured(request);
    expect(replayed.value).toEqual(fresh);
  });

  it('replays a recorded run with the server gone', async () => {
    replies({ kind: 'text', content: JSON.stringify(design) });
    const file = join(dir, 'design.cassette.json');
    const live = await createLlmClient({ spec: compatible(true), cassette: await openCassette(file, 'record') }).generateStructured(request);
    await server.close();

    const replayed = await createLlmClient({ cassette: await openCassette(file, 'replay') }).generateStructured(request);
    expect(replayed.value).toEqual(live.value);
    expect(replayed.usage).toEqual(live.usage);
  });
});

describe('other providers against the fake server', () => {
  it('speaks OpenRouter through the openai-compatible provider, with attribution', async () => {
    replies({ kind: 'text', content: JSON.stringify(design) });
    const spec: ModelSpec = { provider: 'openrouter', baseUrl: server.url, apiKey: 'or-test-key-1', model: 'openai/gpt-4.1-mini', structuredOutputs: true };
    const result = await createLlmClient({ spec }).generateStructured(request);
    expect(result).toMatchObject({ value: design, provider: 'openrouter', model: 'openai/gpt-4.1-mini' });
    expect(server.requests[0]!.headers['x-title']).toBe('Atelier');
  });

  it('speaks OpenAI Chat Completions with the openai provider, schema non-strict', async () => {
    replies({ kind: 'text', content: JSON.stringify(design), usage: { inputTokens: 70, outputTokens: 30 } });
    const spec: ModelSpec = { provider: 'openai', baseUrl: server.url, apiKey: 'oa-test-key-1', model: 'gpt-4.1-mini', structuredOutputs: true };
    const result = await createLlmClient({ spec }).generateStructured(request);
    expect(result).toMatchObject({ value: design, usage: { inputTokens: 70, outputTokens: 30 } });
    expect(server.requests[0]!.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { strict: false } });
  });

  it('speaks the Anthropic Messages API', async () => {
    replies({ kind: 'text', content: JSON.stringify(design), usage: { inputTokens: 50, outputTokens: 20 } });
    const spec: ModelSpec = { provider: 'anthropic', baseUrl: `${server.origin}/v1`, apiKey: 'ant-test-key-1', model: 'claude-sonnet-4-5', structuredOutputs: true };
    const result = await createLlmClient({ spec }).generateStructured(request);
    expect(result.value).toEqual(design);
    expect(result.usage.outputTokens).toBe(20);
    expect(server.requests[0]).toMatchObject({ api: 'anthropic', model: 'claude-sonnet-4-5' });
  });
});
