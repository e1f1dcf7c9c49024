import { registerSecret } from '../observe/redact.js';
import { ModelConfigError, NoModelConfiguredError, OPENROUTER_BASE_URL } from './model-config.js';

export const PROVIDER_TYPES = ['openrouter', 'openai', 'anthropic', 'ollama', 'openai-compatible'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface RateLimit {
  concurrency?: number;
  rpm?: number;
  tpm?: number;
}

/** `providers.<name>` in atelier.config.yml, as the config layer validated it. */
export interface ProviderSettings {
  type?: ProviderType;
  base_url?: string;
  api_key_env?: string;
  structured_outputs?: boolean | 'enforced';
  rate_limit?: RateLimit;
  models?: Record<string, RateLimit>;
}

/** A provider Atelier can send calls to. The key is kept for the SDK and never shown. */
export interface ProviderEndpoint {
  name: string;
  type: ProviderType;
  baseUrl?: string;
  apiKey?: string;
  /** The variable the key comes from, named in messages. */
  keyEnv?: string;
  structuredOutputs: boolean;
  /**
   * The endpoint shows the model a `response_format` schema itself (the hosted APIs do), so the
   * prompt need not spell it out a second time. Unknown for other endpoints: a gateway may
   * silently drop `response_format`, and then only the prompt tells the model its format.
   */
  schemaEnforced: boolean;
  rateLimit?: RateLimit;
  modelRateLimits: Record<string, RateLimit>;
  /** Why it cannot be used (a missing key); unusable providers are listed in explanations. */
  problem?: string;
}

const DEFAULT_KEY_ENV: Partial<Record<ProviderType, string>> = {
  openrouter: 'OPENROUTER_API_KEY',
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};

export const OLLAMA_BASE_URL = 'http://localhost:11434/v1';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function providerType(name: string, settings: ProviderSettings): ProviderType {
  if (settings.type) return settings.type;
  if ((PROVIDER_TYPES as readonly string[]).includes(name)) return name as ProviderType;
  return 'openai-compatible';
}

function fromSettings(name: string, settings: ProviderSettings, env: NodeJS.ProcessEnv): ProviderEndpoint {
  const type = providerType(name, settings);
  const keyEnv = settings.api_key_env ?? DEFAULT_KEY_ENV[type];
  const apiKey = keyEnv ? nonEmpty(env[keyEnv]) : undefined;
  // Its variable may be named anything (MY_GATEWAY_CREDENTIAL): redaction learns the value here.
  if (apiKey !== undefined) registerSecret(apiKey);
  const baseUrl = settings.base_url?.replace(/\/+$/, '') ?? (type === 'ollama' ? OLLAMA_BASE_URL : type === 'openrouter' ? OPENROUTER_BASE_URL : undefined);
  let problem: string | undefined;
  if (type === 'openai-compatible' && baseUrl === undefined) problem = `providers.${name} has type openai-compatible but no base_url`;
  else if (apiKey === undefined && keyEnv !== undefined && (settings.api_key_env !== undefined || type in DEFAULT_KEY_ENV)) {
    problem = `providers.${name} needs its key: set ${keyEnv}`;
  }
  return {
    name,
    type,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(keyEnv !== undefined ? { keyEnv } : {}),
    // Hosted APIs and most local servers (vLLM, Ollama, LM Studio, gateways) enforce JSON schemas;
    // an endpoint that refuses them falls back to the prompt-only format (response-format-fallback.ts).
    structuredOutputs: settings.structured_outputs !== false,
    schemaEnforced: schemaEnforced(type, settings),
    ...(settings.rate_limit ? { rateLimit: settings.rate_limit } : {}),
    modelRateLimits: settings.models ?? {},
    ...(problem !== undefined ? { problem } : {}),
  };
}

/** The hosted APIs at their own address, or an endpoint configured `structured_outputs: enforced`. */
function schemaEnforced(type: ProviderType, settings: ProviderSettings): boolean {
  if (settings.structured_outputs !== undefined) return settings.structured_outputs === 'enforced';
  if (type === 'openrouter') return settings.base_url === undefined || settings.base_url.replace(/\/+$/, '') === OPENROUTER_BASE_URL;
  return (type === 'openai' || type === 'anthropic') && settings.base_url === undefined;
}

export interface ProviderInputs {
  /** `providers` from atelier.config.yml. */
  config?: Record<string, ProviderSettings>;
  /** `--base-url`: a single OpenAI-compatible endpoint, as in the first release. */
  baseUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedProviders {
  providers: ProviderEndpoint[];
  /** `--base-url` or OPENAI_BASE_URL: one endpoint; its models are those it lists (or the one --model names). */
  singleEndpoint?: { provider: ProviderEndpoint; source: string };
}

function checkBaseUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModelConfigError(`${source} is not a URL: "${url}". Use the server's OpenAI-compatible root, e.g. http://localhost:11434/v1`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ModelConfigError(`${source} must be an http(s) URL, got "${url}"`);
  return url.replace(/\/+$/, '');
}

/**
 * The providers a run may use, in order of preference: a base URL from the flag or
 * OPENAI_BASE_URL alone (the first release's path), else the configured providers, then the
 * providers whose standard key variable is set.
 */
export function resolveProviders(inputs: ProviderInputs): ResolvedProviders {
  const env = inputs.env ?? process.env;
  const flagBaseUrl = nonEmpty(inputs.baseUrl);
  const envBaseUrl = nonEmpty(env.OPENAI_BASE_URL);
  const baseUrl = flagBaseUrl ?? envBaseUrl;
  if (baseUrl !== undefined) {
    const source = flagBaseUrl !== undefined ? '--base-url' : 'OPENAI_BASE_URL';
    const apiKey = nonEmpty(env.OPENAI_API_KEY);
    const provider: ProviderEndpoint = {
      name: 'openai-compatible',
      type: 'openai-compatible',
      baseUrl: checkBaseUrl(baseUrl, source),
      ...(apiKey ? { apiKey, keyEnv: 'OPENAI_API_KEY' } : {}),
      structuredOutputs: true,
      schemaEnforced: false,
      modelRateLimits: {},
    };
    // Rate limits configured for any openai-compatible provider at this URL still apply.
    const configured = Object.entries(inputs.config ?? {}).find(([, settings]) => settings.base_url?.replace(/\/+$/, '') === provider.baseUrl);
    if (configured) {
      const [, settings] = configured;
      if (settings.rate_limit) provider.rateLimit = settings.rate_limit;
      provider.modelRateLimits = settings.models ?? {};
      if (settings.structured_outputs !== undefined) {
        provider.structuredOutputs = settings.structured_outputs !== false;
        provider.schemaEnforced = settings.structured_outputs === 'enforced';
      }
    }
    return { providers: [provider], singleEndpoint: { provider, source } };
  }

  const providers = Object.entries(inputs.config ?? {}).map(([name, settings]) => fromSettings(name, settings, env));
  for (const type of ['anthropic', 'openrouter', 'openai'] as const) {
    const keyEnv = DEFAULT_KEY_ENV[type]!;
    if (providers.some((provider) => provider.type === type) || nonEmpty(env[keyEnv]) === undefined) continue;
    providers.push(fromSettings(type, {}, env));
  }
  return { providers };
}

/** The usable providers, or the message that says how to configure one. */
export function usableProviders(resolved: ResolvedProviders): ProviderEndpoint[] {
  const usable = resolved.providers.filter((provider) => provider.problem === undefined);
  if (usable.length > 0) return usable;
  const problems = resolved.providers.map((provider) => provider.problem).filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) throw new ModelConfigError(`no configured provider can be used: ${problems.join('; ')}`);
  throw new NoModelConfiguredError();
}
