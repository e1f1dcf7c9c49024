import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetExceededError, BudgetGuard } from './budget.js';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { explainChain } from './explain-choice.js';
import { ModelRouter, type ModelPins } from './model-router.js';
import { chooseRoutes, NoUsableModelError } from './route-choice.js';
import type { LlmEvent, StructuredRequest } from './types.js';
import { parseUsd } from './usd.js';

// A pinned model answers or the call stops; only where nothing pins one may the budget trade it.

const fake = endpoint('fake', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' });
// $5 / $10 per M tokens, 4,096 out at most: a 3,000-token prompt's worst case is $0.05596.
const pricey = candidateOf(fake, catalogModel('pricey', { maxOutput: 4_096, inPerM: '5', outPerM: '10' }));
const free = candidateOf(fake, catalogModel('free-model', { maxOutput: 4_096, inPerM: '0' }));
const request: StructuredRequest<unknown> = {
  context: { runId: 'r-1', stageId: 'write_prd', role: 'product_manager', label: 'stage "write_prd"' },
  system: 's',
  messages: [],
  schema: z.unknown(),
  schemaName: 'prd',
};

async function choose(pins: ModelPins, budgetUsd: string, freeOnly = false) {
  const router = new ModelRouter({ providers: [fake], candidates: [pricey, free], pins, optimize: 'quality', freeOnly, createModel: () => 'unused' });
  const events: LlmEvent[] = [];
  const budget = new BudgetGuard(parseUsd(budgetUsd));
  const routes = await chooseRoutes(router, request, { promptTokens: 3_000, budget, lastChoice: new Map(), emit: (event) => events.push(event) }).catch((error: unknown) => error);
  return { routes, events };
}

describe('chooseRoutes under a budget', () => {
  it('stops a pinned model whose worst case does not fit, saying how much it needs; nothing else is tried', async () => {
    const { routes, events } = await choose({ cli: 'pricey' }, '0.01');
    expect(BudgetExceededError.isInstance(routes)).toBe(true);
    const error = routes as BudgetExceededError;
    expect(error.neededUsd).toBe('0.05596');
    expect(error.message).toContain('on fake:pricey');
    expect(error.message).toContain('atelier resume r-1 --budget 0.08');
    expect(events).toEqual([expect.objectContaining({ type: 'llm.budget.exceeded', neededUsd: '0.05596' })]);
  });

  it('explains a pinned model the budget rules out as such, with no stand-in', () => {
    const router = new ModelRouter({ providers: [fake], candidates: [pricey, free], pins: { cli: 'pricey' }, createModel: () => 'unused' });
    const choice = router.choose({ stageId: 'write_prd', role: 'product_manager', promptTokens: 3_000, remainingBudget: parseUsd('0.01') });
    expect(choice.chain).toEqual([]);
    expect(choice.pinnedOut).toEqual({ ref: 'fake:pricey', by: '--model', reason: 'its worst case exceeds what is left of the budget' });
    expect(explainChain(choice)).toContain('fake:pricey, pinned by --model, is ruled out (its worst case exceeds what is left of the budget): its calls stop rather than go to another model');
  });

  it('keeps a pinned model that fits, with its backups', async () => {
    const { routes } = await choose({ cli: 'pricey' }, '1');
    expect((routes as { ref: string }[]).map((route) => route.ref)).toEqual(['fake:pricey', 'fake:free-model']);
  });

  it('trades the model where nothing pins one, and says which model it passed over and why', async () => {
    const { routes, events } = await choose({}, '0.01');
    expect((routes as { ref: string }[])[0]!.ref).toBe('fake:free-model');
    const selected = events.find((event) => event.type === 'llm.model.selected');
    expect(selected).toMatchObject({ primary: 'fake:free-model', insteadOf: { model: 'fake:pricey', reason: 'its worst case (up to $0.0560) is more than the $0.0100 left of the budget' } });
    expect(selected?.type === 'llm.model.selected' && selected.reasons[0]).toBe('instead of fake:pricey: its worst case (up to $0.0560) is more than the $0.0100 left of the budget');
  });

  it('says nothing of a trade when the budget changed nothing', async () => {
    const { events } = await choose({}, '1');
    expect(events.find((event) => event.type === 'llm.model.selected')).not.toHaveProperty('insteadOf');
  });

  it('refuses a pinned model another hard requirement rules out, naming the pin', async () => {
    const { routes } = await choose({ configRoles: { product_manager: 'pricey' } }, '1', true);
    expect(NoUsableModelError.isInstance(routes)).toBe(true);
    expect((routes as Error).message).toContain('fake:pricey, pinned by models.roles.product_manager: not free (free_only is set)');
  });
});
