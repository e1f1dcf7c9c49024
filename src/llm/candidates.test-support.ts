import type { CatalogModel } from './catalog/catalog-model.js';
import type { ModelCandidate } from './catalog/model-candidates.js';
import type { ProviderEndpoint } from './providers.js';

export function endpoint(name: string, overrides: Partial<ProviderEndpoint> = {}): ProviderEndpoint {
  return { name, type: 'openrouter', structuredOutputs: true, schemaEnforced: true, modelRateLimits: {}, ...overrides };
}

/** A catalog entry; prices in dollars per million tokens, as people quote them. */
export function catalogModel(
  id: string,
  options: { context?: number; maxOutput?: number; inPerM?: string; outPerM?: string; structured?: boolean; reasoning?: boolean } = {},
): CatalogModel {
  const perToken = (perM: string) => (Number(perM) / 1_000_000).toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
  return {
    id,
    name: id,
    contextLength: options.context ?? 128_000,
    maxOutputTokens: options.maxOutput,
    pricing: options.inPerM === undefined ? undefined : { prompt: perToken(options.inPerM), completion: perToken(options.outPerM ?? options.inPerM) },
    capabilities: { structuredOutputs: options.structured ?? true, tools: true, reasoning: options.reasoning ?? false, vision: false },
    inputModalities: ['text'],
    outputModalities: ['text'],
    source: 'snapshot',
  };
}

export function candidateOf(provider: ProviderEndpoint, model: CatalogModel, modelId = model.id): ModelCandidate {
  return { ref: `${provider.name}:${modelId}`, provider, modelId, model };
}
