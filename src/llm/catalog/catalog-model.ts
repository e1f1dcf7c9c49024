/** Prices in US dollars per token, as decimal strings (exact: see usd.ts). */
export interface ModelPricing {
  prompt: string;
  completion: string;
  /** Price of an input token read from the provider's prompt cache; the prompt price when absent. */
  cacheRead?: string;
  /** Price of an input token written to the provider's prompt cache (Anthropic: 1.25 × the prompt price); the prompt price when absent. */
  cacheWrite?: string;
  /** A flat price per request, if any. */
  request?: string;
}

export interface ModelCapabilities {
  /** Honours a JSON schema (`response_format` / `structured_outputs`). Unknown for local models. */
  structuredOutputs: boolean | undefined;
  tools: boolean | undefined;
  /** Thinks before answering (a reasoning model). */
  reasoning: boolean | undefined;
  vision: boolean | undefined;
}

/** Where an entry came from; named in `models list` and in explanations. */
export type CatalogSource = 'snapshot' | 'update' | 'ollama' | 'endpoint';

/** One model the catalog knows, as its provider names it. */
export interface CatalogModel {
  /** The id as the catalog lists it: `openai/gpt-4o` (OpenRouter), `llama3.2:latest` (Ollama). */
  id: string;
  name: string;
  /** Tokens of context; undefined when the source does not say (Ollama tags, plain /models). */
  contextLength: number | undefined;
  maxOutputTokens: number | undefined;
  /** Undefined when the price is unknown; a local model's price is zero. */
  pricing: ModelPricing | undefined;
  capabilities: ModelCapabilities;
  inputModalities: string[];
  outputModalities: string[];
  source: CatalogSource;
}

/** Free to call: every price is zero (OpenRouter's `:free` variants, local models). */
export function isFree(model: Pick<CatalogModel, 'pricing'>): boolean {
  const pricing = model.pricing;
  if (pricing === undefined) return false;
  return [pricing.prompt, pricing.completion, pricing.request ?? '0'].every((price) => Number(price) === 0);
}

/** The vendor part of an OpenRouter id: `anthropic` for `anthropic/claude-sonnet-4.5`. */
export function vendorOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : undefined;
}
