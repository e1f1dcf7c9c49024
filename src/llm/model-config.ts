import { AtelierError } from '../errors/atelier-error.js';

export type ModelProvider = 'openai-compatible' | 'openai' | 'anthropic' | 'openrouter';

/** Everything needed to build a model; resolved once from flags and the environment. */
export interface ModelSpec {
  provider: ModelProvider;
  /** The configured provider's name (`providers.<name>`), when it is not the provider type. */
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  model: string;
  /** Whether the endpoint enforces a JSON schema (`response_format: json_schema` or its equivalent). */
  structuredOutputs: boolean;
  /** The endpoint shows the model that schema itself, so the prompt does not repeat it (`ProviderEndpoint.schemaEnforced`). */
  schemaEnforced?: boolean;
}


export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';


const HOW_TO_CONFIGURE = [
  'Set one of these and run again:',
  '  ANTHROPIC_API_KEY=...    Anthropic',
  '  OPENROUTER_API_KEY=...   OpenRouter (any model: --model anthropic/claude-sonnet-4.5)',
  '  OPENAI_API_KEY=...       OpenAI',
  '  OPENAI_BASE_URL=...      any OpenAI-compatible server (Ollama, LM Studio, vLLM): one of the models it lists, or --model; OPENAI_API_KEY is optional there',
  'A local model with Ollama:',
  '  OPENAI_BASE_URL=http://localhost:11434/v1 atelier run --idea "…"',
  'Or try a complete recorded run offline, no key needed:',
  '  atelier demo',
].join('\n');

/** Nothing in flags or the environment says which model to use. */
export class NoModelConfiguredError extends AtelierError {
  override readonly name = 'NoModelConfiguredError';

  constructor() {
    super(`No model is configured.\n${HOW_TO_CONFIGURE}`);
  }
}

/** The configuration names an endpoint but is incomplete or malformed. */
export class ModelConfigError extends AtelierError {
  override readonly name = 'ModelConfigError';
}
