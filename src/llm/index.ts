export type { CallContext, ChatMessage, LlmClient, LlmEvent, LlmUsage, StructuredRequest, StructuredResult } from './types.js';
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
export { ModelCallError, type CallFailureKind } from './model-call-error.js';
export { InvalidModelOutputError } from './invalid-model-output-error.js';
export { extractJson } from './extract-json.js';
export type { RecordedAnswer } from './recorded-answer.js';
