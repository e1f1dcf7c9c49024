import { z } from 'zod';
import type { CatalogModel } from './catalog-model.js';
import { fetchJson, type FetchLike } from './fetch-json.js';
import { parseModelList } from './openrouter-catalog.js';

const ollamaTagsSchema = z.object({
  models: z.array(z.looseObject({ name: z.string().min(1), details: z.looseObject({ parameter_size: z.string().optional() }).optional() })),
});

/** The root of an Ollama server from its OpenAI-compatible base URL: `http://host:11434/v1` → `http://host:11434`. */
export function ollamaRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Local models cost nothing per token; what they can do is unknown until tried. */
function localModel(id: string, name: string, source: CatalogModel['source']): CatalogModel {
  return {
    id,
    name,
    contextLength: undefined,
    maxOutputTokens: undefined,
    pricing: source === 'ollama' ? { prompt: '0', completion: '0' } : undefined,
    capabilities: { structuredOutputs: undefined, tools: undefined, reasoning: undefined, vision: undefined },
    inputModalities: ['text'],
    outputModalities: ['text'],
    source,
  };
}

/** The models an Ollama server has pulled (`GET /api/tags`). */
export async function fetchOllamaModels(baseUrl: string, options: { timeoutMs: number; fetch?: FetchLike }): Promise<CatalogModel[]> {
  const body = await fetchJson(`${ollamaRoot(baseUrl)}/api/tags`, options);
  const parsed = ollamaTagsSchema.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.models.map((model) => {
    const size = model.details?.parameter_size;
    return localModel(model.name, size ? `${model.name} (${size})` : model.name, 'ollama');
  });
}

/**
 * The models an OpenAI-compatible endpoint lists (`GET /models`). Gateways that add
 * OpenRouter's fields (context, pricing, parameters) get them read; plain lists give ids.
 */
export async function fetchEndpointModels(
  baseUrl: string,
  options: { apiKey?: string; timeoutMs: number; fetch?: FetchLike },
): Promise<CatalogModel[]> {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const body = await fetchJson(`${baseUrl.replace(/\/+$/, '')}/models`, { headers, timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return parseModelList(body, 'endpoint').models;
}

/** Ollama's port: a base URL there is Ollama's, whose /api/tags says more than its /v1/models (sizes; local, so free). */
export function looksLikeOllama(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).port === '11434';
  } catch {
    return false;
  }
}

/**
 * The models an OpenAI-compatible endpoint serves: its `GET /models`, or Ollama's `/api/tags`
 * when the URL is Ollama's, or when /models fails or lists nothing (a server that is Ollama on
 * another port, or behind a proxy). When both fail, the /models failure is the one reported.
 */
export async function listEndpointModels(
  baseUrl: string,
  options: { apiKey?: string; timeoutMs: number; fetch?: FetchLike },
): Promise<CatalogModel[]> {
  const fetchOptions = { timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const fromModels = () => fetchEndpointModels(baseUrl, options);
  const fromTags = () => fetchOllamaModels(baseUrl, fetchOptions);
  let modelsError: unknown;
  for (const list of looksLikeOllama(baseUrl) ? [fromTags, fromModels] : [fromModels, fromTags]) {
    try {
      const models = await list();
      if (models.length > 0) return models;
    } catch (error) {
      if (list === fromModels) modelsError = error;
    }
  }
  if (modelsError !== undefined) throw modelsError;
  return [];
}
