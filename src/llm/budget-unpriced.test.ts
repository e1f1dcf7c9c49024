import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetGuard } from './budget.js';
import { createLlmClient } from './llm-client.js';
import type { ModelSpec } from './model-config.js';
import { scriptedModel } from './mock-model.test-support.js';
import type { LlmEvent } from './types.js';
import { parseUsd } from './usd.js';

const spec: ModelSpec = { provider: 'openai-compatible', baseUrl: 'http://mock.invalid/v1', model: 'my-model', structuredOutputs: false };
const request = {
  context: { runId: 'r-1', stageId: 'write_prd', role: 'product_manager', label: 'stage "write_prd"' },
  system: 's',
  messages: [{ role: 'user' as const, content: 'idea' }],
  schema: z.object({ ok: z.boolean() }),
  schemaName: 'prd',
};

describe('a budget over a model with no known price', () => {
  it('says so once, before the first call to it, with how to give its price', async () => {
    const events: LlmEvent[] = [];
    const client = createLlmClient({ model: scriptedModel(['{"ok":true}', '{"ok":true}']), spec, budget: new BudgetGuard(parseUsd('1')), onEvent: (event) => events.push(event) });
    await client.generateStructured(request);
    await client.generateStructured({ ...request, messages: [{ role: 'user', content: 'another idea' }] });
    const warnings = events.filter((event) => event.type === 'llm.budget.unpriced');
    expect(warnings).toHaveLength(1);
    const warning = warnings[0]!.type === 'llm.budget.unpriced' ? warnings[0]!.warning : '';
    expect(warning).toContain('the budget does not cover openai-compatible:my-model: its price is unknown');
    expect(warning).toContain('models: { prices: { "openai-compatible:my-model": { input: 0.5, output: 1.5 } } }');
    // Before the request was sent: no answer yet.
    expect(events.findIndex((event) => event.type === 'llm.budget.unpriced')).toBeLessThan(events.findIndex((event) => event.type === 'llm.call.finished'));
  });

  it('says nothing without a budget', async () => {
    const events: LlmEvent[] = [];
    await createLlmClient({ model: scriptedModel(['{"ok":true}']), spec, onEvent: (event) => events.push(event) }).generateStructured(request);
    expect(events.some((event) => event.type === 'llm.budget.unpriced')).toBe(false);
  });
});
