import type { ProviderEndpoint } from '../providers.js';
import { vendorOf, type CatalogModel } from './catalog-model.js';
import { loadOpenRouterCatalog, type OpenRouterCatalog } from './catalog-cache.js';
import type { FetchLike } from './fetch-json.js';
import { fetchOllamaModels, listEndpointModels } from './local-catalogs.js';

/** One model on one provider: what selection ranks and the client calls. */
export interface ModelCandidate {
  /** `provider:model`, as the ledger, events and `--model` name it. */
  ref: string;
  provider: ProviderEndpoint;
  /** The id sent to the provider: `gpt-4.1-mini` on OpenAI, `openai/gpt-4.1-mini` on OpenRouter. */
  modelId: string;
  model: CatalogModel;
}

/** Everything the catalog holds for the configured providers, with what could not be read. */
export interface LoadedCatalog {
  openrouter: OpenRouterCatalog;
  /** Models listed by Ollama and OpenAI-compatible endpoints, per provider name. */
  listed: Map<string, CatalogModel[]>;
  /** Providers whose list could not be read, with the reason (the run goes on without them). */
  unreachable: Map<string, string>;
}

/** OpenAI's API serves its own models under their bare ids; open-weight releases are not among them. */
function openAiId(catalogId: string): string | undefined {
  const id = catalogId.slice('openai/'.length);
  return /^(gpt-(?!oss)|o\d|chatgpt)/.test(id) && !id.includes(':') ? id : undefined;
}

/** Anthropic's API ids use dashes where OpenRouter's use dots: `claude-sonnet-4.5` → `claude-sonnet-4-5`. */
function anthropicId(catalogId: string): string | undefined {
  const id = catalogId.slice('anthropic/'.length);
  if (id.includes(':')) return undefined;
  const dashed = id.replace(/\./g, '-');
  // The 3.x models are addressed through their `-latest` aliases.
  return /^claude-3-/.test(dashed) ? `${dashed}-latest` : dashed;
}

function candidate(provider: ProviderEndpoint, modelId: string, model: CatalogModel): ModelCandidate {
  return { ref: `${provider.name}:${modelId}`, provider, modelId, model };
}

/** Every model each usable provider can serve, in provider order. */
export function buildCandidates(providers: readonly ProviderEndpoint[], catalog: LoadedCatalog): ModelCandidate[] {
  const candidates: ModelCandidate[] = [];
  for (const provider of providers) {
    if (provider.problem !== undefined) continue;
    switch (provider.type) {
      case 'openrouter':
        for (const model of catalog.openrouter.models) candidates.push(candidate(provider, model.id, model));
        break;
      case 'openai':
        for (const model of catalog.openrouter.models) {
          const id = vendorOf(model.id) === 'openai' ? openAiId(model.id) : undefined;
          if (id !== undefined) candidates.push(candidate(provider, id, model));
        }
        break;
      case 'anthropic':
        for (const model of catalog.openrouter.models) {
          const id = vendorOf(model.id) === 'anthropic' ? anthropicId(model.id) : undefined;
          if (id !== undefined) candidates.push(candidate(provider, id, model));
        }
        break;
      case 'ollama':
      case 'openai-compatible':
        for (const model of catalog.listed.get(provider.name) ?? []) candidates.push(candidate(provider, model.id, model));
        break;
    }
  }
  return candidates;
}

/**
 * Reads the OpenRouter catalog (cached update, else the bundled snapshot) and asks each
 * configured Ollama or OpenAI-compatible provider what it serves, all at once and briefly:
 * a provider that does not answer is left out with its reason, not waited for.
 */
export async function loadCatalog(options: {
  providers: readonly ProviderEndpoint[];
  cacheDir: string;
  timeoutMs?: number;
  fetch?: FetchLike;
}): Promise<LoadedCatalog> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const listed = new Map<string, CatalogModel[]>();
  const unreachable = new Map<string, string>();
  const local = options.providers.filter((provider) => provider.problem === undefined && (provider.type === 'ollama' || provider.type === 'openai-compatible'));
  const [openrouter] = await Promise.all([
    loadOpenRouterCatalog(options.cacheDir),
    ...local.map(async (provider) => {
      const baseUrl = provider.baseUrl ?? '';
      const fetchOptions = { timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) };
      try {
        const models =
          provider.type === 'ollama'
            ? await fetchOllamaModels(baseUrl, fetchOptions)
            : await listEndpointModels(baseUrl, { ...fetchOptions, ...(provider.apiKey ? { apiKey: provider.apiKey } : {}) });
        listed.set(provider.name, models);
      } catch (error) {
        unreachable.set(provider.name, (error as Error).message);
      }
    }),
  ]);
  return { openrouter, listed, unreachable };
}
