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
}

export interface ModelFlags {
  /** `--model ID` */
  model?: string;
  /** `--base-url URL`, any OpenAI-compatible endpoint; wins over OPENAI_BASE_URL. */
  baseUrl?: string;
  /** Overrides the provider's default, e.g. for a local server known to honour JSON schemas. */
  structuredOutputs?: boolean;
}

export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

/** Capable and inexpensive defaults; a workflow makes many calls per run. */
export const DEFAULT_MODELS: Readonly<Record<Exclude<ModelProvider, 'openai-compatible'>, string>> = {
  anthropic: 'claude-sonnet-4-5',
  openrouter: 'openai/gpt-4.1-mini',
  openai: 'gpt-4.1-mini',
};

const HOW_TO_CONFIGURE = [
  'Set one of these and run again:',
  '  ANTHROPIC_API_KEY=...    Anthropic',
  '  OPENROUTER_API_KEY=...   OpenRouter (any model: --model anthropic/claude-sonnet-4.5)',
  '  OPENAI_API_KEY=...       OpenAI',
  '  OPENAI_BASE_URL=...      any OpenAI-compatible server (Ollama, LM Studio, vLLM), with --model; OPENAI_API_KEY is optional there',
  'A local model with Ollama:',
  '  OPENAI_BASE_URL=http://localhost:11434/v1 atelier run --model llama3.1 --idea "…"',
  'Or try a complete recorded run offline, no key needed:',
  '  atelier demo',
].join('\n');

/** Nothing in flags or the environment says which model to use. */
export class NoModelConfiguredError extends Error {
  override readonly name = 'NoModelConfiguredError';

  constructor() {
    super(`No model is configured.\n${HOW_TO_CONFIGURE}`);
  }

  static isInstance(error: unknown): error is NoModelConfiguredError {
    return error instanceof Error && error.name === 'NoModelConfiguredError';
  }
}

/** The configuration names an endpoint but is incomplete or malformed. */
export class ModelConfigError extends Error {
  override readonly name = 'ModelConfigError';

  static isInstance(error: unknown): error is ModelConfigError {
    return error instanceof Error && error.name === 'ModelConfigError';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkBaseUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModelConfigError(`${source} is not a URL: "${url}". Use the server's OpenAI-compatible root, e.g. http://localhost:11434/v1`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ModelConfigError(`${source} must be an http(s) URL, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * Picks the model from flags and environment variables (the providers' own names), in order:
 * an OpenAI-compatible base URL, Anthropic, OpenRouter, then OpenAI.
 */
export function resolveModelSpec(flags: ModelFlags = {}, env: NodeJS.ProcessEnv = process.env): ModelSpec {
  const model = nonEmpty(flags.model);
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  const flagBaseUrl = nonEmpty(flags.baseUrl);
  const envBaseUrl = nonEmpty(env.OPENAI_BASE_URL);
  const withDefault = (provider: keyof typeof DEFAULT_MODELS) => ({
    model: model ?? DEFAULT_MODELS[provider],
    structuredOutputs: flags.structuredOutputs ?? true,
  });

  const baseUrl = flagBaseUrl ?? envBaseUrl;
  if (baseUrl !== undefined) {
    const source = flagBaseUrl !== undefined ? '--base-url' : 'OPENAI_BASE_URL';
    const url = checkBaseUrl(baseUrl, source);
    if (model === undefined) {
      throw new ModelConfigError(
        `${source} is set to ${url}, so Atelier needs to know which of that server's models to use: add --model, e.g. --model llama3.1`,
      );
    }
    // Local and third-party servers differ in JSON-schema support; the schema is always in the prompt too.
    return { provider: 'openai-compatible', baseUrl: url, ...(openaiKey ? { apiKey: openaiKey } : {}), model, structuredOutputs: flags.structuredOutputs ?? false };
  }

  const anthropicKey = nonEmpty(env.ANTHROPIC_API_KEY);
  if (anthropicKey) return { provider: 'anthropic', apiKey: anthropicKey, ...withDefault('anthropic') };

  const openrouterKey = nonEmpty(env.OPENROUTER_API_KEY);
  if (openrouterKey) return { provider: 'openrouter', baseUrl: OPENROUTER_BASE_URL, apiKey: openrouterKey, ...withDefault('openrouter') };

  if (openaiKey) return { provider: 'openai', apiKey: openaiKey, ...withDefault('openai') };

  throw new NoModelConfiguredError();
}

/** How the model appears in progress views and the ledger, e.g. `openrouter:openai/gpt-4.1-mini`. */
export function describeModelSpec(spec: ModelSpec): string {
  return `${spec.provider}:${spec.model}`;
}
