import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidModelOutputError } from './invalid-model-output-error.js';
import { createLlmClient } from './llm-client.js';
import type { ModelSpec } from './model-config.js';
import { memoryLlmStore, scriptedModel } from './mock-model.test-support.js';
import type { CallContext, LlmEvent, StructuredRequest } from './types.js';

// What a retry, a resume and a backup are served from the response cache, and what they must ask again.

const schema = z.object({ title: z.string().min(1), features: z.array(z.string()).min(1) });
type Prd = z.infer<typeof schema>;
const good = JSON.stringify({ title: 'Reading list', features: ['add a book'] });
const bad = JSON.stringify({ title: 'Reading list' });
const context: CallContext = { runId: 'run-1', stageId: 'write_prd', role: 'product_manager', label: 'stage "write_prd"' };
const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: 'http://mock.invalid/v1', model: 'mock-model', structuredOutputs: false };

function request(overrides: Partial<StructuredRequest<Prd>> = {}): StructuredRequest<Prd> {
  return { context, system: 'You are the product manager.', messages: [{ role: 'user', content: 'Idea: a reading list.' }], schema, schemaName: 'prd', ...overrides };
}

describe('answers a retry may be served, and answers it must ask again', () => {
  it('asks the model again after answers that failed: nothing rejected is served, and every failed answer is charged', async () => {
    const store = memoryLlmStore();
    const first = scriptedModel([bad, bad, bad]);
    await expect(createLlmClient({ model: first, spec, store }).generateStructured(request())).rejects.toBeInstanceOf(InvalidModelOutputError);
    expect(store.cache.size).toBe(0);

    // The stage retry, or a resume: the same request again goes to the model, from the start.
    const second = scriptedModel([bad, good]);
    const result = await createLlmClient({ model: second, spec, store }).generateStructured(request());
    expect(result.value.features).toEqual(['add a book']);
    expect(second.doStreamCalls).toHaveLength(2);
    expect(store.calls.map((call) => call.source)).toEqual(['live', 'live', 'live', 'live', 'live']);
    expect(store.calls.every((call) => call.outputTokens > 0)).toBe(true);
  });

  it('serves a repaired conversation whole, for free, once it ended in an accepted answer', async () => {
    const store = memoryLlmStore();
    await createLlmClient({ model: scriptedModel([bad, good]), spec, store }).generateStructured(request());
    const resumed = scriptedModel([]);
    const events: LlmEvent[] = [];
    const result = await createLlmClient({ model: resumed, spec, store, onEvent: (event) => events.push(event) }).generateStructured(request());
    expect(result).toMatchObject({ attempts: 2, model: 'mock-model' });
    expect(resumed.doStreamCalls).toHaveLength(0);
    expect(store.calls.map((call) => call.source)).toEqual(['live', 'live', 'cache', 'cache']);
    expect(events.filter((event) => event.type === 'llm.call.finished').map((event) => event.type === 'llm.call.finished' && event.costUsd)).toEqual(['0', '0']);
  });

  it('asks again when a cached answer no longer passes, and then never serves the chain that led nowhere', async () => {
    const store = memoryLlmStore();
    await createLlmClient({ model: scriptedModel([bad, good]), spec, store }).generateStructured(request());
    // The role's checks changed: the accepted answer now misses them; its repaired predecessor is served, the rest asked.
    const strict = { check: (prd: Prd) => (prd.features.length < 2 ? ['list at least two features'] : []) };
    const model = scriptedModel([bad, bad]);
    await expect(createLlmClient({ model, spec, store, maxRepairs: 2 }).generateStructured(request(strict))).rejects.toBeInstanceOf(InvalidModelOutputError);
    expect(model.doStreamCalls).toHaveLength(2);

    const again = scriptedModel([good]);
    await createLlmClient({ model: again, spec, store }).generateStructured(request());
    // The first answer, served and then rejected, is asked again: a live call, not the cache.
    expect(again.doStreamCalls).toHaveLength(1);
  });

  it('names the model that really answered in the result, the ledger and the events', async () => {
    const store = memoryLlmStore();
    const events: LlmEvent[] = [];
    const result = await createLlmClient({ model: scriptedModel([{ text: good, answeredBy: 'weak-model' }]), spec, store, onEvent: (event) => events.push(event) }).generateStructured(request());
    expect(result).toMatchObject({ provider: 'openai-compatible', model: 'weak-model' });
    expect(store.calls).toMatchObject([{ provider: 'openai-compatible', model: 'weak-model', source: 'live' }]);
    expect(events.find((event) => event.type === 'llm.call.finished')).toMatchObject({ model: 'weak-model' });
  });

  it("keys the project cache by the model that answered: the asked model's next run is not served another model's answer", async () => {
    const store = memoryLlmStore();
    await createLlmClient({ model: scriptedModel([{ text: good, answeredBy: 'weak-model' }]), spec, store, cacheScope: 'project' }).generateStructured(request());
    const asked = scriptedModel([good]);
    await createLlmClient({ model: asked, spec, store, cacheScope: 'project' }).generateStructured(request({ context: { ...context, runId: 'run-2' } }));
    expect(asked.doStreamCalls).toHaveLength(1);
    // Within the first run, a resume is served the answer it already paid for, under the name of the model that wrote it.
    const resumed = scriptedModel([]);
    const result = await createLlmClient({ model: resumed, spec, store }).generateStructured(request());
    expect(result.model).toBe('weak-model');
    expect(store.calls.at(-1)).toMatchObject({ source: 'cache', model: 'weak-model' });
  });
});
