import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeChatRequest, type FakeLlmServer, type FakeReply } from '../../test/support/fake-llm-server.js';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { createLlmClient, type LlmClientOptions } from './llm-client.js';
import { ModelCallError } from './model-call-error.js';
import { ModelRouter } from './model-router.js';
import { memoryLlmStore } from './mock-model.test-support.js';
import type { LlmEvent, StructuredRequest } from './types.js';

// The real provider code against the fake server, one injected fault at a time. Each test pins
// what the request log must show: the retry policy's requests and not one more.

const designSchema = z.object({ summary: z.string(), components: z.array(z.string()).min(1) });
const design = { summary: 'A CLI over a JSON file', components: ['store', 'cli'] };
const good: FakeReply = { kind: 'text', content: JSON.stringify(design), usage: { inputTokens: 1_000, outputTokens: 100 } };
const request: StructuredRequest<z.infer<typeof designSchema>> = {
  context: { runId: 'run-f', stageId: 'design_system', role: 'architect', label: 'stage "design_system"' },
  system: 'You are the architect.',
  messages: [{ role: 'user', content: 'Design a reading-list CLI.' }],
  schema: designSchema,
  schemaName: 'system_design',
};

let server: FakeLlmServer;
let events: LlmEvent[];
let store: ReturnType<typeof memoryLlmStore>;
/** Replies per model, consumed in order; the last one repeats. */
function script(replies: Record<string, FakeReply[]>): void {
  const next: Record<string, number> = {};
  server.setResponder((req: FakeChatRequest) => {
    const list = replies[req.model] ?? [good];
    const index = Math.min(next[req.model] ?? 0, list.length - 1);
    next[req.model] = index + 1;
    return list[index]!;
  });
}
const sent = (model: string) => server.requests.filter((req) => req.model === model).length;
const types = () => events.map((event) => event.type).filter((type) => type !== 'llm.progress');

function client(overrides: Partial<LlmClientOptions> = {}) {
  const fake = endpoint('fake', { type: 'openai-compatible', baseUrl: server.url, structuredOutputs: false });
  const primary = candidateOf(fake, catalogModel('primary', { context: 32_000, maxOutput: 4_096, inPerM: '1', outPerM: '2' }));
  const backup = candidateOf(fake, catalogModel('backup', { context: 200_000, maxOutput: 4_096, inPerM: '2', outPerM: '4' }));
  const router = new ModelRouter({ providers: [fake], candidates: [primary, backup], pins: { cli: 'primary' }, maxBackups: 1 });
  return createLlmClient({ router, store, onEvent: (event) => events.push(event), retry: { baseDelayMs: 20, jitter: 0, maxRetries: 2 }, maxRepairs: 1, ...overrides });
}

beforeEach(async () => {
  server = await startFakeLlmServer();
  events = [];
  store = memoryLlmStore();
});
afterEach(async () => {
  await server.close();
});

describe('transient failures: retried with backoff, then the backup', () => {
  it('honours retry-after-ms on a 429 and succeeds on the same model', async () => {
    script({ primary: [{ kind: 'error', status: 429, headers: { 'retry-after-ms': '150' } }, good] });
    const started = Date.now();
    const result = await client().generateStructured(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(result).toMatchObject({ value: design, model: 'primary' });
    expect(sent('primary')).toBe(2);
    expect(events.find((event) => event.type === 'llm.retry')).toMatchObject({ delayMs: 150, reason: 'HTTP 429', attempt: 2 });
  });

  it('backs off exponentially on a 429 without Retry-After', async () => {
    script({ primary: [{ kind: 'error', status: 429 }, { kind: 'error', status: 429 }, good] });
    await client().generateStructured(request);
    expect(sent('primary')).toBe(3);
    expect(events.filter((event) => event.type === 'llm.retry').map((event) => (event as { delayMs: number }).delayMs)).toEqual([20, 40]);
  });

  it('hands a 500 burst that outlasts the retries to the backup', async () => {
    script({ primary: [{ kind: 'error', status: 500 }] });
    const result = await client().generateStructured(request);
    expect(result.model).toBe('backup');
    expect([sent('primary'), sent('backup')]).toEqual([3, 1]);
    expect(events.find((event) => event.type === 'llm.fallback')).toMatchObject({ from: 'fake:primary', to: 'fake:backup', reason: 'HTTP 500 persisted through the retries' });
    expect(store.calls.map((call) => call.model)).toEqual(['backup']);
  });

  it('retries a hung request after the timeout, then moves on', async () => {
    script({ primary: [{ kind: 'hang' }] });
    const result = await client({ timeoutMs: 150, retry: { baseDelayMs: 1, jitter: 0, maxRetries: 1 } }).generateStructured(request);
    expect(result.model).toBe('backup');
    expect([sent('primary'), sent('backup')]).toEqual([2, 1]);
    expect(events.filter((event) => event.type === 'llm.call.failed').every((event) => (event as { error: string }).error.includes('no complete answer within 150 ms'))).toBe(true);
  });

  it('asks again after a truncated stream and after malformed JSON', async () => {
    script({ primary: [{ kind: 'truncate', content: JSON.stringify(design) }, { kind: 'malformed' }, good] });
    const result = await client().generateStructured(request);
    expect(result.model).toBe('primary');
    expect(sent('primary')).toBe(3);
    expect(events.filter((event) => event.type === 'llm.call.failed').map((event) => (event as { failure: string }).failure)).toEqual(['transient', 'transient']);
  });

  it("retries Anthropic's 529 overloaded", async () => {
    script({ 'claude-sonnet-4-5': [{ kind: 'error', status: 529, headers: { 'retry-after-ms': '10' } }, good] });
    const spec = { provider: 'anthropic' as const, baseUrl: `${server.origin}/v1`, apiKey: 'ant-test-key-1', model: 'claude-sonnet-4-5', structuredOutputs: true };
    const result = await createLlmClient({ spec, retry: { baseDelayMs: 1, jitter: 0 } }).generateStructured(request);
    expect(result.value).toEqual(design);
    expect(server.requests.map((req) => req.api)).toEqual(['anthropic', 'anthropic']);
  });
});

describe('permanent failures: the call stops at once, with what to fix', () => {
  it.each([
    [{ kind: 'error', status: 401 } as FakeReply, 'The API key was refused'],
    [{ kind: 'error', status: 402, body: { error: { code: 402, message: 'Insufficient credits' } } } as FakeReply, 'out of credit'],
    [{ kind: 'error', status: 404 } as FakeReply, 'Check the --model id'],
    [
      { kind: 'error', status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' } } } as FakeReply,
      'quota is used up',
    ],
  ])('%o is neither retried nor handed to the backup', async (reply, advice) => {
    script({ primary: [reply, good] });
    const error = await client().generateStructured(request).catch((caught: unknown) => caught);
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect((error as ModelCallError).failure).toBe('permanent');
    expect((error as Error).message).toContain(advice);
    expect((error as Error).message).toContain('stage "design_system"');
    expect(server.requests).toHaveLength(1);
    expect(types()).toEqual(['llm.model.selected', 'llm.call.started', 'llm.call.failed']);
  });

  it('moves a prompt too large for the context to the larger-context backup without retrying it', async () => {
    script({ primary: [{ kind: 'error', status: 400 }] });
    const result = await client().generateStructured(request);
    expect(result.model).toBe('backup');
    expect([sent('primary'), sent('backup')]).toEqual([1, 1]);
    expect(events.find((event) => event.type === 'llm.fallback')).toMatchObject({ reason: 'the prompt is too large for its 32000-token context' });
  });
});

describe('answers that fail the schema', () => {
  it('are repaired with the exact errors, then handed to the backup with a fresh conversation', async () => {
    script({ primary: [{ kind: 'text', content: '{"summary": "x"}' }] });
    const result = await client().generateStructured(request);
    expect(result).toMatchObject({ value: design, model: 'backup', attempts: 3 });
    expect([sent('primary'), sent('backup')]).toEqual([2, 1]);
    expect(server.requests[1]!.messages.at(-1)!.content).toContain('at components: Invalid input: expected array, received undefined');
    expect(server.requests[2]!.messages).toHaveLength(1);
    expect(events.find((event) => event.type === 'llm.fallback')).toMatchObject({ reason: 'its answers failed the "system_design" schema after 2 attempts' });
  });
});

describe('cost in the ledger', () => {
  it("records the provider's reported cost, else the catalog price, as exact decimals", async () => {
    script({ primary: [{ ...good, cost: 0.00049 } as FakeReply, good] });
    await client().generateStructured(request);
    await client().generateStructured({ ...request, context: { ...request.context, runId: 'run-g' } });
    // 1,000 tokens in at $1/M and 100 out at $2/M.
    expect(store.calls.map((call) => call.costUsd)).toEqual(['0.00049', '0.0012']);
    expect(events.filter((event) => event.type === 'llm.call.finished').map((event) => (event as { costSource: string }).costSource)).toEqual(['provider', 'catalog']);
  });
});
