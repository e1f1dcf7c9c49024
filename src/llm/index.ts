export type { CallContext, ChatMessage, LlmClient, LlmEvent, LlmUsage, ModelPreferences, StructuredRequest, StructuredResult } from './types.js';
export { createLlmClient, type LlmClientOptions, type LlmStore } from './llm-client.js';
export {
  DEFAULT_MODELS,
  describeModelSpec,
  ModelConfigError,
  NoModelConfiguredError,
  OPENROUTER_BASE_URL,
  resolveModelSpec,
  type ModelFlags,
  type ModelProvider,
  type ModelSpec,
} from './model-config.js';
export { createLanguageModel } from './create-language-model.js';
export { Cassette, CassetteError, CassetteMissError, openCassette, type CassetteEntry, type CassetteFile, type CassetteMode } from './cassette.js';
export { hashRequest, normalizeRequest, normalizeRequestText, type HashableRequest, type NormalizeOptions } from './request-hash.js';
export { ModelCallError, type CallFailureKind, type FailureClass } from './model-call-error.js';
export { InvalidModelOutputError } from './invalid-model-output-error.js';
export { extractJson } from './extract-json.js';
export type { RecordedAnswer } from './recorded-answer.js';
export { BudgetExceededError, BudgetGuard, type Reservation } from './budget.js';
export { buildRouter, type BuiltRouter, type ModelChoiceFlags, type ModelSettings } from './build-router.js';
export { callCost, priceUsage, type CallCost, type CostSource } from './call-cost.js';
export { costReport, formatCostReport, type CostLine, type CostReport } from './cost-report.js';
export { explainChain } from './explain-choice.js';
export { ModelRouter, type ChoiceRequest, type ModelChoice, type ModelPins, type RouterSettings } from './model-router.js';
export { resolveProviders, type ProviderEndpoint, type ProviderSettings, type ProviderType, type RateLimit } from './providers.js';
export { RateLimiter, type LimitScopeRef, type RatePermit } from './rate-limiter.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { NoUsableModelError } from './route-choice.js';
export { OPTIMIZE_MODES, rankCandidates, type Optimize } from './select-model.js';
export { TASK_TYPES, taskForRole, type TaskType } from './task-types.js';
export { displayUsd, formatUsd, parseUsd, type Usd } from './usd.js';
export { CatalogFetchError } from './catalog/fetch-json.js';
export { loadOpenRouterCatalog, updateOpenRouterCatalog, userCacheDir } from './catalog/catalog-cache.js';
export type { CatalogModel } from './catalog/catalog-model.js';
export type { ModelCandidate } from './catalog/model-candidates.js';
