import { describe, expect, it } from 'vitest';
import { BudgetExceededError, BudgetGuard } from './budget.js';
import { callCost, priceUsage } from './call-cost.js';
import { costReport, formatCostReport } from './cost-report.js';
import { formatUsd, parseUsd } from './usd.js';

const call = { label: 'stage "write_prd"', model: 'openrouter:openai/gpt-4o' };

describe('BudgetGuard', () => {
  it('counts what the run spent before (a resumed run) and refuses a call whose worst case does not fit', async () => {
    const guard = new BudgetGuard(parseUsd('0.10'), async () => [{ costUsd: '0.03' }, { costUsd: null }, { costUsd: '0.04' }]);
    expect(formatUsd(await guard.remaining('r-1'))).toBe('0.03');
    const error = await guard.reserve('r-1', parseUsd('0.031'), call).catch((caught: unknown) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    const budget = error as BudgetExceededError;
    expect(budget).toMatchObject({ name: 'BudgetExceededError', spentUsd: '0.07', limitUsd: '0.1', neededUsd: '0.031', runId: 'r-1' });
    expect(budget.message).toContain('$0.0700 of the $0.1000 budget is spent');
    expect(budget.message).toContain('atelier resume r-1 --budget 0.2');
  });

  it('holds the worst case of calls in flight, so parallel calls cannot overrun it together', async () => {
    const guard = new BudgetGuard(parseUsd('1'));
    const first = await guard.reserve('r', parseUsd('0.6'), call);
    await expect(guard.reserve('r', parseUsd('0.6'), call)).rejects.toThrow(/held for calls in flight/);
    first.settle(parseUsd('0.1'));
    const second = await guard.reserve('r', parseUsd('0.6'), call);
    second.settle(parseUsd('0.25'));
    second.settle(parseUsd('5'));
    expect(formatUsd(await guard.spentSoFar('r'))).toBe('0.35');
    expect(formatUsd(await guard.remaining('r'))).toBe('0.65');
  });
});

describe('call cost', () => {
  const pricing = { prompt: '0.0000025', completion: '0.00001', cacheRead: '0.00000125' };
  const usage = { inputTokens: 1_000, cachedInputTokens: 400, outputTokens: 200 };

  it('prices uncached input, cached input and output exactly', () => {
    expect(formatUsd(priceUsage(pricing, usage))).toBe('0.004');
    expect(callCost({ pricing }, usage)).toEqual({ costUsd: '0.004', amount: parseUsd('0.004'), source: 'catalog' });
  });

  it("prefers the provider's reported cost, and says when nothing knows the price", () => {
    expect(callCost({ pricing }, usage, 0.00049)).toMatchObject({ costUsd: '0.00049', source: 'provider' });
    expect(callCost({ pricing: undefined }, usage)).toEqual({ costUsd: null, amount: 0n, source: 'unknown' });
    expect(callCost({ pricing: { prompt: '0', completion: '0' } }, usage)).toMatchObject({ costUsd: '0', source: 'free' });
  });
});

describe('cost report', () => {
  const row = (role: string, stageId: string, model: string, costUsd: string | null, source: 'live' | 'cache' = 'live') => ({
    role,
    stageId,
    provider: 'openrouter',
    model,
    source,
    inputTokens: 1_000,
    cachedInputTokens: 0,
    outputTokens: 100,
    costUsd,
  });

  it('breaks a ledger down by role, stage and model with exact totals', () => {
    const report = costReport([
      row('product_manager', 'write_prd', 'a', '0.1'),
      row('engineer', 'implement', 'b', '0.2'),
      row('engineer', 'implement', 'b', '0', 'cache'),
      row('engineer', 'implement', 'c', null),
    ]);
    expect(report.total).toMatchObject({ calls: 4, cached: 1, costUsd: '0.3', unpriced: 1, inputTokens: 4_000 });
    expect(report.byRole.map((line) => [line.key, line.costUsd])).toEqual([['product_manager', '0.1'], ['engineer', '0.2']]);
    expect(report.byModel.map((line) => [line.key, line.calls])).toEqual([['openrouter:a', 1], ['openrouter:b', 2], ['openrouter:c', 1]]);
    const text = formatCostReport(report).join('\n');
    expect(text).toContain('total $0.3000 (exactly $0.3) over 4 calls: 3 paid, 1 from cache or replay (cost 0)');
    expect(text).toContain('1 call went to models with no known price');
  });
});
