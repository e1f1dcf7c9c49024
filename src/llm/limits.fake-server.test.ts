import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../../test/support/fake-llm-server.js';
import { BudgetExceededError, BudgetGuard } from './budget.js';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { createLlmClient } from './llm-client.js';
import { memoryLlmStore } from './mock-model.test-support.js';
import { ModelRouter } from './model-router.js';
import type { RateLimit } from './providers.js';
import { RateLimiter } from './rate-limiter.js';
import type { LlmEvent, StructuredRequest } from './types.js';
import { formatUsd, parseUsd, sumUsd } from './usd.js';

const schema = z.object({ summary: z.string() });
const answer: FakeReply = { kind: 'text', content: '{"summary":"ok"}', usage: { inputTokens: 500, outputTokens: 50 }, delayMs: 40 };
const requestFor = (n: number): StructuredRequest<{ summary: string }> => ({
  context: { runId: 'run-l', stageId: 'implement', taskId: `T${n}`, role: 'engineer', label: `task T${n}` },
  system: 'You are the engineer.',
  messages: [{ role: 'user', content: `Implement task ${n}.` }],
  schema,
  schemaName: 'code_change',
});

let server: FakeLlmServer;
beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(async () => {
  await server.close();
});

/** A server that, like a strict provider, refuses with 429 whatever is above `limit` requests in flight. */
function strictServer(limit: number): void {
  server.setResponder(() => (server.inFlight > limit ? { kind: 'error', status: 429, headers: { 'retry-after-ms': '30' } } : answer));
}

function client(rateLimit: RateLimit | undefined, extra: { budget?: BudgetGuard; store?: ReturnType<typeof memoryLlmStore>; events?: LlmEvent[] } = {}) {
  const fake = endpoint('fake', { type: 'openai-compatible', baseUrl: server.url, structuredOutputs: false, ...(rateLimit ? { rateLimit } : {}) });
  const model = candidateOf(fake, catalogModel('coder', { context: 64_000, maxOutput: 4_096, inPerM: '1', outPerM: '2' }));
  return createLlmClient({
    router: new ModelRouter({ providers: [fake], candidates: [model], pins: { cli: 'coder' } }),
    rateLimiter: new RateLimiter(),
    retry: { baseDelayMs: 10, jitter: 0, maxRetries: 5 },
    ...(extra.budget ? { budget: extra.budget } : {}),
    ...(extra.store ? { store: extra.store } : {}),
    ...(extra.events ? { onEvent: (event: LlmEvent) => extra.events!.push(event) } : {}),
  });
}

const count429 = async (): Promise<number> => server.requests.length - 8;

describe('rate limits', () => {
  it('keeps a parallel burst under the configured concurrency: no 429 at all', async () => {
    strictServer(2);
    const events: LlmEvent[] = [];
    const shared = client({ concurrency: 2 }, { events });
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => shared.generateStructured(requestFor(n))));
    expect(results).toHaveLength(8);
    // Eight requests, each answered the first time: the log holds no refused one.
    expect(server.requests).toHaveLength(8);
    expect(server.maxConcurrent).toBe(2);
    expect(events.some((event) => event.type === 'llm.rate_limited')).toBe(true);
  });

  it('the same burst without the limit trips the server (so the test above means something)', async () => {
    strictServer(2);
    const shared = client(undefined);
    await Promise.all(Array.from({ length: 8 }, (_, n) => shared.generateStructured(requestFor(n))));
    expect(await count429()).toBeGreaterThan(0);
  });

  it('learns from a 429: the scope pauses as asked and runs fewer calls at once', async () => {
    strictServer(3);
    const shared = client(undefined);
    await Promise.all(Array.from({ length: 8 }, (_, n) => shared.generateStructured(requestFor(n))));
    const unlimited = await count429();
    expect(unlimited).toBeGreaterThan(0);
    // The first wave taught it: a second wave on the same client trips nothing.
    const before = server.requests.length;
    await Promise.all(Array.from({ length: 8 }, (_, n) => shared.generateStructured(requestFor(n + 100))));
    expect(server.requests.length - before).toBe(8);
  });
});

describe('the budget', () => {
  it('never lets parallel calls start more than it can cover', async () => {
    server.setResponder(() => answer);
    const store = memoryLlmStore();
    // Worst case per call: ~30 prompt tokens at $1/M + 4,096 output tokens at $2/M ≈ $0.0082.
    const budget = new BudgetGuard(parseUsd('0.02'), async (runId) => store.calls.filter((call) => call.runId === runId));
    const shared = client(undefined, { budget, store });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => shared.generateStructured(requestFor(n))));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused).toHaveLength(3);
    expect(refused.every((outcome) => BudgetExceededError.isInstance((outcome as PromiseRejectedResult).reason))).toBe(true);
    expect(server.requests).toHaveLength(2);
    const spent = sumUsd(store.calls.map((call) => parseUsd(call.costUsd ?? '0')));
    expect(spent <= parseUsd('0.02')).toBe(true);
    expect(formatUsd(spent)).toBe('0.0012');
  });

  it('answers from the run\'s cache even when the budget is spent: a resume near the limit pays nothing and is not refused', async () => {
    server.setResponder(() => answer);
    const store = memoryLlmStore();
    const first = client(undefined, { store });
    await first.generateStructured(requestFor(1));
    expect(server.requests).toHaveLength(1);
    // The run has spent (in the ledger) everything a new call could need.
    const budget = new BudgetGuard(parseUsd('0.0012'), async (runId) => store.calls.filter((call) => call.runId === runId));
    const resumed = client(undefined, { budget, store });
    await expect(resumed.generateStructured(requestFor(1))).resolves.toMatchObject({ value: { summary: 'ok' } });
    expect(server.requests).toHaveLength(1);
    // A request the run has not answered yet is still refused before anything is sent.
    await expect(resumed.generateStructured(requestFor(2))).rejects.toSatisfy((error: unknown) => BudgetExceededError.isInstance(error));
    expect(server.requests).toHaveLength(1);
  });
});
