import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../../test/support/fake-llm-server.js';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { createLlmClient } from './llm-client.js';
import type { ModelSpec } from './model-config.js';
import { ModelRouter } from './model-router.js';
import { memoryLlmStore } from './mock-model.test-support.js';
import type { LlmEvent, StructuredRequest } from './types.js';

// What the provider bills, the ledger charges: a stream that broke after its usage arrived, an
// answer another model wrote. The real AI SDK providers, against the fake server's wire formats.

const schema = z.object({ summary: z.string(), components: z.array(z.string()).min(1) });
const design = JSON.stringify({ summary: 'A CLI over a JSON file', components: ['store', 'cli'] });
const request: StructuredRequest<z.infer<typeof schema>> = {
  context: { runId: 'run-b', stageId: 'design_system', role: 'architect', label: 'stage "design_system"' },
  system: 'You are the architect.',
  messages: [{ role: 'user', content: 'Design a reading-list CLI.' }],
  schema,
  schemaName: 'system_design',
};

let server: FakeLlmServer;
let store: ReturnType<typeof memoryLlmStore>;
let events: LlmEvent[];
function replies(...script: FakeReply[]): void {
  let next = 0;
  server.setResponder(() => script[Math.min(next++, script.length - 1)]!);
}

beforeEach(async () => {
  server = await startFakeLlmServer();
  store = memoryLlmStore();
  events = [];
});
afterEach(async () => {
  await server.close();
});

const brokenAfterUsage: FakeReply = { kind: 'truncate', content: design, afterUsage: true, usage: { inputTokens: 900, outputTokens: 80 } };
const answer: FakeReply = { kind: 'text', content: design, usage: { inputTokens: 900, outputTokens: 80 } };
const retry = { baseDelayMs: 5, jitter: 0, maxRetries: 2 };

describe('the ledger charges what the provider billed', () => {
  it('charges an OpenAI-compatible stream that broke after its usage arrived, then the retry that answered', async () => {
    replies(brokenAfterUsage, answer);
    const fake = endpoint('fake', { type: 'openai-compatible', baseUrl: server.url, structuredOutputs: false });
    const priced = candidateOf(fake, catalogModel('priced', { inPerM: '1', outPerM: '2' }));
    const router = new ModelRouter({ providers: [fake], candidates: [priced], pins: { cli: 'priced' } });
    await createLlmClient({ router, store, retry, onEvent: (event) => events.push(event) }).generateStructured(request);

    expect(server.requests).toHaveLength(2);
    // 900 in at $1/M and 80 out at $2/M: $0.00106, twice.
    expect(store.calls.map((call) => [call.source, call.inputTokens, call.outputTokens, call.costUsd])).toEqual([
      ['live', 900, 80, '0.00106'],
      ['live', 900, 80, '0.00106'],
    ]);
    expect(events.find((event) => event.type === 'llm.call.failed')).toMatchObject({ willRetry: true, usage: { inputTokens: 900, outputTokens: 80 }, costUsd: '0.00106' });
  });

  it('charges an Anthropic stream cut off after message_delta', async () => {
    replies(brokenAfterUsage, answer);
    const spec: ModelSpec = { provider: 'anthropic', baseUrl: `${server.origin}/v1`, apiKey: 'ant-test-key-1', model: 'claude-sonnet-4-5', structuredOutputs: false };
    await createLlmClient({ spec, store, retry }).generateStructured(request);
    expect(store.calls.map((call) => [call.inputTokens, call.outputTokens])).toEqual([
      [900, 80],
      [900, 80],
    ]);
  });

  it('charges input Anthropic wrote to its prompt cache at the cache-write price, reads at the read price', async () => {
    replies({ kind: 'text', content: design, usage: { inputTokens: 3_000, outputTokens: 100, cachedInputTokens: 1_000, cacheWriteTokens: 1_500 } });
    const claude = endpoint('claude', { type: 'anthropic', baseUrl: `${server.origin}/v1`, apiKey: 'ant-test-key-1', structuredOutputs: false });
    const model = catalogModel('anthropic/claude-sonnet-4.5', { inPerM: '3', outPerM: '15' });
    const priced = candidateOf(claude, { ...model, pricing: { ...model.pricing!, cacheRead: '0.0000003', cacheWrite: '0.00000375' } });
    const router = new ModelRouter({ providers: [claude], candidates: [priced], pins: { cli: 'anthropic/claude-sonnet-4.5' } });
    await createLlmClient({ router, store, retry }).generateStructured(request);
    // 500 plain at $3/M, 1,000 read at $0.30/M, 1,500 written at $3.75/M, 100 out at $15/M.
    expect(store.calls.map((call) => [call.inputTokens, call.cachedInputTokens, call.costUsd])).toEqual([[3_000, 1_000, '0.008925']]);
  });

  it('charges nothing for a stream that broke before any usage arrived', async () => {
    replies({ kind: 'truncate', content: design }, answer);
    const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: server.url, model: 'plain', structuredOutputs: false };
    await createLlmClient({ spec, store, retry }).generateStructured(request);
    expect(store.calls).toHaveLength(1);
  });

  it('records the model the response names when a gateway answered with another one', async () => {
    replies({ ...answer, answeredBy: 'weak-model' });
    const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: server.url, model: 'strong-model', structuredOutputs: false };
    const result = await createLlmClient({ spec, store, onEvent: (event) => events.push(event) }).generateStructured(request);
    expect(server.requests[0]!.model).toBe('strong-model');
    expect(result.model).toBe('weak-model');
    expect(store.calls).toMatchObject([{ model: 'weak-model' }]);
  });
});
