import type { ModelPricing } from './catalog/catalog-model.js';
import type { ModelCandidate } from './catalog/model-candidates.js';
import { formatUsd, parseUsd } from './usd.js';

/** `models.prices` in atelier.config.yml: US dollars per million tokens, keyed by model. */
export type ConfiguredPrices = Record<string, { input: number; output: number }>;

/**
 * Whether a `models.prices` key names the candidate: `provider:id` (by the provider's name or
 * type; the endpoint of OPENAI_BASE_URL also answers to `openai`), a catalog id, or the bare id.
 */
function names(key: string, candidate: ModelCandidate): boolean {
  if (key === candidate.ref || key === candidate.modelId || key === candidate.model.id) return true;
  const colon = key.indexOf(':');
  if (colon <= 0 || key.slice(colon + 1) !== candidate.modelId) return false;
  const provider = key.slice(0, colon);
  const { name, type } = candidate.provider;
  return provider === name || provider === type || (provider === 'openai' && name === 'openai-compatible');
}

/** A price per million tokens as the per-token decimal catalogs use ("0.5" → "0.0000005"), exactly. */
function perToken(perMillion: number): string {
  return formatUsd(parseUsd(perMillion) / 1_000_000n);
}

/**
 * The candidate with the price the user gave for it, which wins over what a catalog lists: with
 * it, a model no catalog prices (a bare endpoint, a local server) is bounded by the budget and
 * charged in the ledger. The most specific key wins (`provider:id` over the bare id).
 */
export function withConfiguredPrice(candidate: ModelCandidate, prices: ConfiguredPrices | undefined): ModelCandidate {
  if (!prices) return candidate;
  const keys = Object.keys(prices).filter((key) => names(key, candidate));
  const key = keys.find((k) => k.includes(':')) ?? keys[0];
  if (key === undefined) return candidate;
  const price = prices[key]!;
  const pricing: ModelPricing = { prompt: perToken(price.input), completion: perToken(price.output) };
  return { ...candidate, model: { ...candidate.model, pricing } };
}
