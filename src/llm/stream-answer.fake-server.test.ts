import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../../test/support/fake-llm-server.js';
import { createLanguageModel } from './create-language-model.js';
import { EndpointFormats } from './endpoint-formats.js';
import { ModelCallError } from './model-call-error.js';
import { streamAnswer, type LiveCall } from './stream-answer.js';

// One live call through the real provider and the wrappers every run model gets, against the fake server.

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});

const FORMAT = { schemaName: 'prd', jsonSchema: { type: 'object', properties: { title: { type: 'string' } } } };

function call(reply: FakeReply, overrides: Partial<LiveCall> = {}, formats = EndpointFormats.inMemory()): Promise<unknown> {
  server.setResponder(() => reply);
  const model = createLanguageModel({ provider: 'openai-compatible', baseUrl: server.url, model: 'm', structuredOutputs: true }, { timeouts: { firstByteMs: 150, idleMs: 150 }, formats });
  return streamAnswer({
    model,
    site: { label: 'stage "write_prd"', model: 'local:m', runId: 'r-1' },
    system: 'Write the PRD.',
    messages: [{ role: 'user', content: 'a todo app' }],
    format: FORMAT,
    timeoutMs: 5_000,
    now: Date.now,
    ...overrides,
  }).catch((error: unknown) => error);
}

describe('streamAnswer', () => {
  it('turns a provider that never answers into a transient timeout naming timeouts.first_byte_s', async () => {
    const error = await call({ kind: 'hang' });
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'timeout', failure: 'transient' });
    expect((error as Error).message).toContain('no answer began within 150 ms (timeouts.first_byte_s)');
  });

  it('turns a stream that stalls midway into a transient timeout naming timeouts.idle_s', async () => {
    const error = await call({ kind: 'stall', content: '{"title": "a long title that is cut"}' });
    expect(error).toMatchObject({ kind: 'timeout', failure: 'transient' });
    expect((error as Error).message).toContain('nothing more arrived for 150 ms (timeouts.idle_s)');
  });

  it('names timeouts.call_s when the whole call runs out', async () => {
    const error = await call({ kind: 'hang' }, { timeoutMs: 50 });
    expect((error as Error).message).toContain('no complete answer within 50 ms (timeouts.call_s)');
  });

  it('turns a refused response_format into a failure asked again at once, and the next call goes without it', async () => {
    const formats = EndpointFormats.inMemory();
    const refused = await call({ kind: 'error', status: 400, body: { error: { message: "Unsupported parameter: 'response_format'", param: 'response_format' } } }, {}, formats);
    expect(refused).toMatchObject({ kind: 'format-refused', failure: 'transient', statusCode: 400, retryAfterMs: 0 });
    const answered = await call({ kind: 'text', content: '{"title":"t"}' }, {}, formats);
    expect(answered).toMatchObject({ answer: { text: '{"title":"t"}' } });
    expect(server.requests.map((req) => req.responseFormat !== undefined)).toEqual([true, false]);
  });
});
