import type { CatalogModel, ModelPricing } from './catalog/catalog-model.js';
import type { LlmUsage } from './types.js';
import { parsedPricing } from './parsed-pricing.js';
import { formatUsd, parseUsd, priceTimes, type Usd } from './usd.js';

export type CostSource = 'provider' | 'catalog' | 'free' | 'unknown';

export interface CallCost {
  /** Exact decimal USD for the ledger; null when nothing says what the call cost. */
  costUsd: string | null;
  amount: Usd;
  source: CostSource;
}

/**
 * Uncached input at the prompt price, cached input at the cache-read price, input written to the
 * cache at the cache-write price (Anthropic bills it apart; `cacheWriteTokens` is part of the
 * input), output at the completion price.
 */
export function priceUsage(pricing: ModelPricing, usage: LlmUsage, cacheWriteTokens = 0): Usd {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const written = Math.min(Math.max(0, cacheWriteTokens), usage.inputTokens - cached);
  const prices = parsedPricing(pricing);
  return (
    priceTimes(prices.prompt, usage.inputTokens - cached - written) +
    priceTimes(prices.cacheRead, cached) +
    priceTimes(prices.cacheWrite, written) +
    priceTimes(prices.completion, usage.outputTokens) +
    prices.request
  );
}

/**
 * What a live call cost: the provider's own report when it gives one (OpenRouter's
 * `usage.cost`), else the catalog's prices times the tokens; unknown without either.
 */
export function callCost(model: Pick<CatalogModel, 'pricing'> | undefined, usage: LlmUsage, reportedUsd?: number, cacheWriteTokens = 0): CallCost {
  if (reportedUsd !== undefined) {
    const amount = parseUsd(reportedUsd);
    return { costUsd: formatUsd(amount), amount, source: 'provider' };
  }
  const pricing = model?.pricing;
  if (pricing === undefined) return { costUsd: null, amount: 0n, source: 'unknown' };
  const amount = priceUsage(pricing, usage, cacheWriteTokens);
  return { costUsd: formatUsd(amount), amount, source: amount === 0n ? 'free' : 'catalog' };
}
