import { wrapLanguageModel, type LanguageModel } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible, type MetadataExtractor } from '@ai-sdk/openai-compatible';
import { DEFAULT_CALL_TIMEOUTS, type CallTimeouts } from './call-timeouts.js';
import { EndpointFormats } from './endpoint-formats.js';
import { markTappable } from './raw-chunk-taps.js';
import { OPENROUTER_BASE_URL, type ModelSpec } from './model-config.js';
import { responseFormatFallback } from './response-format-fallback.js';
import { stallGuard } from './stall-guard.js';

type ProviderModel = Parameters<typeof wrapLanguageModel>[0]['model'];

/** What a run adds around every model it builds. */
export interface ModelWrapping {
  /** Before the first byte and between chunks; the defaults (60 s each) when absent. */
  timeouts?: Pick<CallTimeouts, 'firstByteMs' | 'idleMs'>;
  /** Which endpoints refuse `response_format: json_schema`; a memory for this process only when absent. */
  formats?: EndpointFormats;
}

/** OpenRouter's app attribution header: the user's OpenRouter activity shows the calls as Atelier's. */
const OPENROUTER_HEADERS = { 'X-Title': 'Atelier' };

/** Where the provider's own reported cost lands in `providerMetadata`. */
export const COST_METADATA_KEY = 'atelier';

function reportedCost(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null || !('usage' in body)) return undefined;
  const usage = body.usage;
  if (typeof usage !== 'object' || usage === null || !('cost' in usage)) return undefined;
  return typeof usage.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0 ? usage.cost : undefined;
}

/**
 * Reads `usage.cost`, which OpenRouter (and gateways like it) put in the last chunk: the price
 * the provider actually charged, preferred over a computation from catalog prices.
 */
const costExtractor: MetadataExtractor = {
  extractMetadata: async ({ parsedBody }) => {
    const cost = reportedCost(parsedBody);
    return cost === undefined ? undefined : { [COST_METADATA_KEY]: { cost } };
  },
  createStreamExtractor: () => {
    let cost: number | undefined;
    return {
      processChunk: (chunk) => {
        cost = reportedCost(chunk) ?? cost;
      },
      buildMetadata: () => (cost === undefined ? undefined : { [COST_METADATA_KEY]: { cost } }),
    };
  },
};

/**
 * Builds the AI SDK model a `ModelSpec` describes, guarded against stalls, and, for an
 * OpenAI-compatible endpoint sent JSON schemas, falling back to the prompt-only format when the
 * endpoint refuses them. Nothing is sent until the model is called.
 */
export function createLanguageModel(spec: ModelSpec, wrapping: ModelWrapping = {}): LanguageModel {
  const middleware = [
    ...(spec.provider === 'openai-compatible' && spec.structuredOutputs && spec.baseUrl !== undefined
      ? // The prompt spells the schema out unless the endpoint shows it (`withAnswerFormat` with `schemaEnforced`).
        [responseFormatFallback(spec.baseUrl, wrapping.formats ?? EndpointFormats.inMemory(), { schemaInPrompt: spec.schemaEnforced !== true })]
      : []),
    stallGuard(wrapping.timeouts ?? DEFAULT_CALL_TIMEOUTS),
  ];
  return markTappable(wrapLanguageModel({ model: providerModel(spec), middleware }));
}

function providerModel(spec: ModelSpec): ProviderModel {
  switch (spec.provider) {
    case 'openai-compatible':
    case 'openrouter': {
      const provider = createOpenAICompatible({
        name: spec.name ?? spec.provider,
        baseURL: spec.baseUrl ?? (spec.provider === 'openrouter' ? OPENROUTER_BASE_URL : missingBaseUrl()),
        ...(spec.apiKey !== undefined ? { apiKey: spec.apiKey } : {}),
        ...(spec.provider === 'openrouter' ? { headers: OPENROUTER_HEADERS } : {}),
        // Without it a streamed answer carries no token counts, and the ledger would record zeros.
        includeUsage: true,
        supportsStructuredOutputs: spec.structuredOutputs,
        metadataExtractor: costExtractor,
      });
      return provider.chatModel(spec.model);
    }
    case 'anthropic':
      return createAnthropic({
        ...(spec.apiKey !== undefined ? { apiKey: spec.apiKey } : {}),
        ...(spec.baseUrl !== undefined ? { baseURL: spec.baseUrl } : {}),
      })(spec.model);
    case 'openai':
      // Chat Completions rather than the Responses API: one wire format for every OpenAI-style endpoint.
      return createOpenAI({
        ...(spec.apiKey !== undefined ? { apiKey: spec.apiKey } : {}),
        ...(spec.baseUrl !== undefined ? { baseURL: spec.baseUrl } : {}),
      }).chat(spec.model);
  }
}

function missingBaseUrl(): never {
  throw new TypeError('an openai-compatible ModelSpec needs a baseUrl (every provider resolved from a base URL has one)');
}
