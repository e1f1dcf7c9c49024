import type { ModelPricing } from './catalog/catalog-model.js';
import { parseUsd, type Usd } from './usd.js';

/** A catalog entry's per-token prices as exact amounts. */
export interface ParsedPricing {
  prompt: Usd;
  completion: Usd;
  /** The prompt price when the entry states none. */
  cacheRead: Usd;
  /** The prompt price when the entry states none. */
  cacheWrite: Usd;
  request: Usd;
}

const parsed = new WeakMap<ModelPricing, ParsedPricing>();

/** Parsed once per catalog entry: selection, the budget and every call's cost read the same prices. */
export function parsedPricing(pricing: ModelPricing): ParsedPricing {
  let prices = parsed.get(pricing);
  if (!prices) {
    const prompt = parseUsd(pricing.prompt);
    prices = {
      prompt,
      completion: parseUsd(pricing.completion),
      cacheRead: pricing.cacheRead !== undefined ? parseUsd(pricing.cacheRead) : prompt,
      cacheWrite: pricing.cacheWrite !== undefined ? parseUsd(pricing.cacheWrite) : prompt,
      request: parseUsd(pricing.request ?? '0'),
    };
    parsed.set(pricing, prices);
  }
  return prices;
}
