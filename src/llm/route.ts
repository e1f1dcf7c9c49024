import type { LanguageModel } from 'ai';
import type { CatalogModel } from './catalog/catalog-model.js';
import type { ModelCandidate } from './catalog/model-candidates.js';
import type { ModelRouter } from './model-router.js';
import type { LimitScopeRef } from './rate-limiter.js';

/** One model a call may go to, with everything the client needs to call, limit and price it. */
export interface Route {
  /** `provider:model`: the project cache key, messages and events name it so. */
  ref: string;
  /** The provider's name, as the ledger records it. */
  provider: string;
  /** Where the provider answers (its base URL), when it has its own: keys the project cache apart per endpoint. */
  endpoint?: string;
  /** The model id, as the ledger records it. */
  modelId: string;
  /** Undefined when the route is a cassette being replayed. */
  model?: LanguageModel;
  /** What the catalog knows: prices (for cost and budget), context and output limits. */
  catalog?: CatalogModel;
  /** Send the JSON schema as `response_format`. */
  structuredOutputs: boolean;
  /** The endpoint shows the model that schema itself: the prompt does not repeat it. */
  schemaEnforced: boolean;
  limits: LimitScopeRef[];
}

export function routeFor(candidate: ModelCandidate, router: ModelRouter): Route {
  const provider = candidate.provider;
  return {
    ref: candidate.ref,
    provider: provider.name,
    ...(provider.baseUrl !== undefined ? { endpoint: provider.baseUrl } : {}),
    modelId: candidate.modelId,
    model: router.languageModel(candidate),
    catalog: candidate.model,
    ...schemaPlacement(provider, candidate),
    limits: [
      { key: `provider:${provider.name}`, ...(provider.rateLimit ? { limit: provider.rateLimit } : {}) },
      { key: `model:${candidate.ref}`, ...(provider.modelRateLimits[candidate.modelId] ? { limit: provider.modelRateLimits[candidate.modelId] } : {}) },
    ],
  };
}

/** Whether the schema goes as `response_format`, and whether the endpoint shows it to the model (then the prompt leaves it out). */
export function schemaPlacement(provider: ModelCandidate['provider'], candidate: ModelCandidate): Pick<Route, 'structuredOutputs' | 'schemaEnforced'> {
  const structuredOutputs = provider.structuredOutputs && candidate.model.capabilities.structuredOutputs !== false;
  return { structuredOutputs, schemaEnforced: structuredOutputs && provider.schemaEnforced };
}
