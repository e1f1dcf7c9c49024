import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetGuard } from './budget.js';
import { CassetteMissError, openCassette } from './cassette.js';
import { InvalidModelOutputError } from './invalid-model-output-error.js';
import { createLlmClient } from './llm-client.js';
import { ModelCallError } from './model-call-error.js';
import type { ModelSpec } from './model-config.js';
import { memoryLlmStore, promptOf, scriptedModel } from './mock-model.test-support.js';
import type { CallContext, LlmEvent, StructuredRequest } from './types.js';
import { parseUsd } from './usd.js';

const prdSchema = z.object({
  title: z.string().min(1),
  features: z.array(z.object({ name: z.string(), priority: z.enum(['must', 'should', 'could']) })).min(1),
});
type Prd = z.infer<typeof prdSchema>;

const context: CallContext = { runId: 'run-1', stageId: 'write_prd', role: 'product_manager', label: 'stage "write_prd"' };
const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: 'http://mock.invalid/v1', model: 'mock-model', structuredOutputs: false };
const good: Prd = { title: 'Reading list', features: [{ name: 'add book', priority: 'must' }] };
const goodText = JSON.stringify(good);

function request(overrides: Partial<StructuredRequest<Prd>> = {}): StructuredRequest<Prd> {
  return {
    context,
    system: 'You are the product manager.',
    messages: [{ role: 'user', content: 'Idea: a CLI that tracks my reading list.' }],
    schema: prdSchema,
    schemaName: 'prd',
    ...overrides,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-llm-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateStructured with a live model', () => {
  it('returns the validated value, usage, ledger row and events, with the schema in the prompt', async () => {
    const model = scriptedModel([{ text: goodText, inputTokens: 120, outputTokens: 30, cachedInputTokens: 20 }]);
    const store = memoryLlmStore();
    const events: LlmEvent[] = [];
    const client = createLlmClient({ model, spec, store, onEvent: (event) => events.push(event) });

    const result = await client.generateStructured(request());

    expect(result).toEqual({
      value: good,
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20 },
      attempts: 1,
      provider: 'openai-compatible',
      model: 'mock-model',
    });
    const [system, asked] = promptOf(model, 0);
    expect(system).toEqual({ role: 'system', text: 'You are the product manager.' });
    // The spec sends response_format but is not known to show it to the model: the asking turn spells the schema out.
    expect(asked!.text).toContain('Idea: a CLI that tracks my reading list.');
    expect(asked!.text).toContain('"priority":{"type":"string","enum":["must","should","could"]}');
    expect(store.calls).toMatchObject([{ runId: 'run-1', stageId: 'write_prd', role: 'product_manager', source: 'live', inputTokens: 120, outputTokens: 30 }]);
    expect(store.calls[0]!.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(events.map((event) => event.type)).toEqual(['llm.call.started', 'llm.progress', 'llm.progress', 'llm.call.finished']);
    expect(events.at(-2)).toEqual({ type: 'llm.progress', context, outputChars: goodText.length });
    expect(client.describe()).toEqual({ provider: 'openai-compatible', model: 'mock-model' });
  });

  it('sends the schema once, as response_format, where the endpoint shows it to the model; the request hash is the same either way', async () => {
    const enforced = scriptedModel([goodText]);
    const enforcedStore = memoryLlmStore();
    await createLlmClient({ model: enforced, spec: { ...spec, structuredOutputs: true, schemaEnforced: true }, store: enforcedStore }).generateStructured(request());
    const inPrompt = scriptedModel([goodText]);
    const inPromptStore = memoryLlmStore();
    await createLlmClient({ model: inPrompt, spec: { ...spec, structuredOutputs: true }, store: inPromptStore }).generateStructured(request());

    const asked = promptOf(enforced, 0)[1]!.text;
    expect(asked).toContain('conforms to the JSON Schema of the response format');
    expect(asked).not.toContain('"priority"');
    expect(enforced.doStreamCalls[0]!.responseFormat).toMatchObject({ type: 'json', schema: { properties: { features: {} } } });
    expect(promptOf(inPrompt, 0)[1]!.text).toContain('"priority":{"type":"string","enum":["must","should","could"]}');
    expect(enforcedStore.calls[0]!.requestHash).toBe(inPromptStore.calls[0]!.requestHash);
  });

  it('strips code fences and prose around the JSON', async () => {
    const model = scriptedModel(['Here you go:\n```json\n' + goodText + '\n```\nAnything else?']);
    const result = await createLlmClient({ model, spec }).generateStructured(request());
    expect(result.value).toEqual(good);
  });

  it('asks for a JSON schema response format only when the endpoint supports it', async () => {
    const plain = scriptedModel([goodText]);
    await createLlmClient({ model: plain, spec }).generateStructured(request());
    expect(plain.doStreamCalls[0]!.responseFormat).toBeUndefined();

    const structured = scriptedModel([goodText]);
    await createLlmClient({ model: structured, spec: { ...spec, structuredOutputs: true } }).generateStructured(request());
    expect(structured.doStreamCalls[0]!.responseFormat).toMatchObject({ type: 'json', name: 'prd', schema: { type: 'object', required: ['title', 'features'] } });
  });
});

describe('repairs', () => {
  it('sends the answer back with the exact schema problems, then accepts the fix', async () => {
    const bad = JSON.stringify({ title: '', features: [{ name: 'add book', priority: 'urgent' }] });
    const model = scriptedModel([{ text: bad, inputTokens: 100, outputTokens: 10 }, { text: goodText, inputTokens: 150, outputTokens: 12 }]);
    const events: LlmEvent[] = [];
    const result = await createLlmClient({ model, spec, onEvent: (event) => events.push(event) }).generateStructured(request());

    expect(result.attempts).toBe(2);
    expect(result.usage).toEqual({ inputTokens: 250, outputTokens: 22, cachedInputTokens: 0 });
    const second = promptOf(model, 1);
    expect(second[1]).toEqual(promptOf(model, 0)[1]);
    expect(second[1]!.text).toMatch(/^Idea: a CLI that tracks my reading list\.\n\n## Answer format\n/);
    expect(second[2]).toEqual({ role: 'assistant', text: bad });
    const repair = second[3]!;
    expect(repair.role).toBe('user');
    expect(repair.text).toContain('- at title: Too small: expected string to have >=1 characters');
    expect(repair.text).toContain('- at features[0].priority: Invalid option: expected one of "must"|"should"|"could"');
    const repairEvent = events.find((event) => event.type === 'llm.repair');
    expect(repairEvent).toMatchObject({ attempt: 1, model: 'mock-model', problems: expect.arrayContaining([expect.stringMatching(/^at title:/)]) });
  });

  it("sends back the problems the caller's check found", async () => {
    const model = scriptedModel([goodText, JSON.stringify({ ...good, title: 'Reading list CLI' })]);
    const check = (value: Prd) => (value.title.includes('CLI') ? [] : ['the title must say it is a CLI']);
    const result = await createLlmClient({ model, spec }).generateStructured(request({ check }));
    expect(result.value.title).toBe('Reading list CLI');
    expect(promptOf(model, 1)[3]!.text).toContain('- the title must say it is a CLI');
  });

  it("sends a miss of the caller's check back once, then gives up with the exact misses", async () => {
    const model = scriptedModel([goodText, goodText, goodText]);
    const check = (): string[] => ['missing section "Threat Model"'];
    const error: unknown = await createLlmClient({ model, spec }).generateStructured(request({ check })).catch((caught: unknown) => caught);
    expect(model.doStreamCalls).toHaveLength(2);
    expect(InvalidModelOutputError.isInstance(error)).toBe(true);
    expect((error as InvalidModelOutputError).problems).toEqual(['missing section "Threat Model"']);
  });

  it('tells a cut-off answer to be shorter', async () => {
    const model = scriptedModel([{ text: goodText.slice(0, 20), finishReason: 'length' }, goodText]);
    await createLlmClient({ model, spec }).generateStructured(request());
    expect(promptOf(model, 1)[3]!.text).toContain('cut off at the output token limit');
  });

  it('gives up after the configured repairs, naming the stage, the model and the problems', async () => {
    const model = scriptedModel(['not json', '{"title": 3}']);
    const error: unknown = await createLlmClient({ model, spec, maxRepairs: 1 })
      .generateStructured(request())
      .catch((caught: unknown) => caught);
    expect(model.doStreamCalls).toHaveLength(2);
    expect(InvalidModelOutputError.isInstance(error)).toBe(true);
    const invalid = error as InvalidModelOutputError;
    expect(invalid.attempts).toBe(2);
    expect(invalid.problems).toEqual(['at title: Invalid input: expected string, received number', 'at features: Invalid input: expected array, received undefined']);
    expect(invalid.message).toMatch(/^stage "write_prd": openai-compatible:mock-model did not produce a valid "prd" in 2 attempts/);
  });
});

describe('cache', () => {
  it('answers a resumed run from the cache, invalid first answers included, without calling the model', async () => {
    const store = memoryLlmStore();
    await createLlmClient({ model: scriptedModel(['{"title": ""}', goodText]), spec, store }).generateStructured(request());
    expect(store.cache.size).toBe(2);

    const resumedModel = scriptedModel([]);
    const result = await createLlmClient({ model: resumedModel, spec, store }).generateStructured(request());
    expect(result.value).toEqual(good);
    expect(resumedModel.doStreamCalls).toHaveLength(0);
    expect(store.calls.map((call) => call.source)).toEqual(['live', 'live', 'cache', 'cache']);
  });

  it("reads the run's cache once for a call's first attempt under a budget, and again for a repair", async () => {
    const store = memoryLlmStore();
    const reads: string[] = [];
    const counting = { ...store, getCachedResponse: (key: string) => (reads.push(key), store.getCachedResponse(key)) };
    const budget = new BudgetGuard(parseUsd('1'));
    await createLlmClient({ model: scriptedModel(['{"title": ""}', goodText]), spec, store: counting, budget }).generateStructured(request());
    expect(reads).toHaveLength(2);
    expect(new Set(reads).size).toBe(2);

    reads.length = 0;
    const resumedModel = scriptedModel([]);
    const result = await createLlmClient({ model: resumedModel, spec, store: counting, budget }).generateStructured(request());
    expect(result.value).toEqual(good);
    expect(resumedModel.doStreamCalls).toHaveLength(0);
    expect(reads).toHaveLength(2);
  });

  it('shares answers between runs only with the project scope, and only for the same model', async () => {
    const store = memoryLlmStore();
    await createLlmClient({ model: scriptedModel([goodText]), spec, store, cacheScope: 'project' }).generateStructured(request());
    const otherRun = { ...context, runId: 'run-2' };

    const sameModel = scriptedModel([]);
    await createLlmClient({ model: sameModel, spec, store, cacheScope: 'project' }).generateStructured(request({ context: otherRun }));
    expect(sameModel.doStreamCalls).toHaveLength(0);

    const runScoped = scriptedModel([goodText]);
    await createLlmClient({ model: runScoped, spec, store }).generateStructured(request({ context: { ...context, runId: 'run-3' } }));
    expect(runScoped.doStreamCalls).toHaveLength(1);

    const otherModel = scriptedModel([goodText], 'other-model');
    await createLlmClient({ model: otherModel, spec: { ...spec, model: 'other-model' }, store, cacheScope: 'project' }).generateStructured(
      request({ context: { ...context, runId: 'run-4' } }),
    );
    expect(otherModel.doStreamCalls).toHaveLength(1);
  });
});

describe('cassettes', () => {
  it('records live answers and replays them in a fresh client with no model at all', async () => {
    const file = join(dir, 'run.cassette.json');
    const recorder = await openCassette(file, 'record');
    await createLlmClient({ model: scriptedModel(['{"title": 1}', goodText]), spec, cassette: recorder }).generateStructured(request());

    const store = memoryLlmStore();
    const replayer = createLlmClient({ cassette: await openCassette(file, 'replay'), store });
    expect(replayer.describe()).toEqual({ provider: 'replay', model: 'run.cassette.json' });
    const result = await replayer.generateStructured(request());
    expect(result).toMatchObject({ value: good, attempts: 2, provider: 'replay', model: 'openai-compatible:mock-model' });
    expect(store.calls.map((call) => call.source)).toEqual(['replay', 'replay']);
  });

  it('fails a replay miss with the stage label and the cassette name', async () => {
    const file = join(dir, 'demo.cassette.json');
    await (await openCassette(file, 'record')).record('f'.repeat(64), { label: 'other', schemaName: 'prd', response: { text: '{}', usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 } } });
    const events: LlmEvent[] = [];
    const client = createLlmClient({ cassette: await openCassette(file, 'replay'), onEvent: (event) => events.push(event) });
    const error: unknown = await client.generateStructured(request()).catch((caught: unknown) => caught);
    expect(CassetteMissError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^no recorded answer for stage "write_prd" in demo\.cassette\.json \(request [0-9a-f]{8}…\); re-record the cassette with --record$/);
    expect(events.at(-1)).toMatchObject({ type: 'llm.call.failed', willRetry: false });
  });

  it('never writes an API key into a cassette, even one the prompt and answer contain', async () => {
    process.env.ATELIER_TEST_API_KEY = 'live-key-from-env-123';
    try {
      const file = join(dir, 'secret.cassette.json');
      const leaky = JSON.stringify({ ...good, title: 'uses live-key-from-env-123 and config-key-456789' });
      const client = createLlmClient({
        model: scriptedModel([leaky]),
        spec: { ...spec, apiKey: 'config-key-456789' },
        cassette: await openCassette(file, 'record'),
      });
      await client.generateStructured(request({ system: 'Call the API with key live-key-from-env-123.', context: { ...context, label: 'stage "config-key-456789"' } }));
      const raw = await readFile(file, 'utf8');
      expect(raw).not.toContain('live-key-from-env-123');
      expect(raw).not.toContain('config-key-456789');
      expect(raw).not.toContain('mock.invalid');
      expect(raw).toContain('[REDACTED]');
    } finally {
      delete process.env.ATELIER_TEST_API_KEY;
    }
  });
});

describe('failures', () => {
  it('turns a refused key into a ModelCallError with what to do, without retrying it', async () => {
    const model = scriptedModel([{ status: 401, message: 'Incorrect API key provided' }, goodText]);
    const error: unknown = await createLlmClient({ model, spec }).generateStructured(request()).catch((caught: unknown) => caught);
    expect(ModelCallError.isInstance(error)).toBe(true);
    const failure = error as ModelCallError;
    expect(failure).toMatchObject({ statusCode: 401, label: 'stage "write_prd"', model: 'openai-compatible:mock-model' });
    expect(failure.message).toContain('Incorrect API key provided');
    expect(failure.message).toContain('OPENAI_API_KEY');
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('retries a rate limit as often as the policy says, then says how to resume', async () => {
    const model = scriptedModel([{ status: 429 }, { status: 429 }]);
    const events: LlmEvent[] = [];
    const client = createLlmClient({ model, spec, maxRetries: 1, onEvent: (event) => events.push(event) });
    const error = (await client.generateStructured(request()).catch((caught: unknown) => caught)) as ModelCallError;
    // The mock's 429 carries retry-after-ms: 1, and the wait asked for is the wait taken.
    expect(events.find((event) => event.type === 'llm.retry')).toMatchObject({ delayMs: 1, reason: 'HTTP 429' });
    expect(model.doStreamCalls).toHaveLength(2);
    expect(error.statusCode).toBe(429);
    expect(error.message).toContain('atelier resume run-1');
  });

  it('retries a stream that breaks mid-answer', async () => {
    const model = scriptedModel([{ streamError: 'connection reset', after: '{"title": "Rea' }, goodText]);
    const events: LlmEvent[] = [];
    const result = await createLlmClient({ model, spec, onEvent: (event) => events.push(event), retry: { baseDelayMs: 5, jitter: 0 } }).generateStructured(request());
    expect(result.value).toEqual(good);
    expect(events.find((event) => event.type === 'llm.call.failed')).toMatchObject({ willRetry: true, error: expect.stringContaining('connection reset') });
    expect(events.find((event) => event.type === 'llm.retry')).toMatchObject({ delayMs: 5, reason: 'broken-stream' });
  });

  it('gives up on a model that never answers once the timeout passes', async () => {
    const model = scriptedModel([{ hang: true }]);
    const error = (await createLlmClient({ model, spec, timeoutMs: 50, maxRetries: 0 })
      .generateStructured(request())
      .catch((caught: unknown) => caught)) as ModelCallError;
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(error.timedOut).toBe(true);
    expect(error.message).toContain('no complete answer within 50 ms');
  });
});
