import { z } from 'zod';
import type { CatalogModel, CatalogSource, ModelPricing } from './catalog-model.js';

const price = z.union([z.string(), z.number()]).transform(String);

/**
 * One entry of OpenRouter's `GET /models`. Only `id` is required: OpenAI-compatible gateways
 * answer `/models` with a subset of these fields, and they are read with the same schema.
 */
export const openRouterModelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  context_length: z.number().int().positive().nullish(),
  architecture: z
    .looseObject({
      input_modalities: z.array(z.string()).nullish(),
      output_modalities: z.array(z.string()).nullish(),
    })
    .nullish(),
  pricing: z
    .looseObject({
      prompt: price,
      completion: price,
      request: price.nullish(),
      input_cache_read: price.nullish(),
      input_cache_write: price.nullish(),
    })
    .nullish(),
  top_provider: z
    .looseObject({
      context_length: z.number().int().positive().nullish(),
      max_completion_tokens: z.number().int().positive().nullish(),
    })
    .nullish(),
  supported_parameters: z.array(z.string()).nullish(),
});

export const openRouterCatalogSchema = z.looseObject({ data: z.array(z.unknown()) });

export type OpenRouterModel = z.infer<typeof openRouterModelSchema>;

const DECIMAL = /^\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** OpenRouter marks routers whose price depends on the model picked with "-1": unknown, not negative. */
function knownPricing(pricing: OpenRouterModel['pricing']): ModelPricing | undefined {
  if (!pricing || !DECIMAL.test(pricing.prompt) || !DECIMAL.test(pricing.completion)) return undefined;
  const optional = (value: string | null | undefined) => (value !== null && value !== undefined && DECIMAL.test(value) ? value : undefined);
  const cacheRead = optional(pricing.input_cache_read);
  const cacheWrite = optional(pricing.input_cache_write);
  const request = optional(pricing.request);
  return {
    prompt: pricing.prompt,
    completion: pricing.completion,
    ...(cacheRead !== undefined ? { cacheRead } : {}),
    ...(cacheWrite !== undefined ? { cacheWrite } : {}),
    ...(request !== undefined && Number(request) !== 0 ? { request } : {}),
  };
}

export function toCatalogModel(model: OpenRouterModel, source: CatalogSource): CatalogModel {
  const parameters = model.supported_parameters ?? undefined;
  const has = (...names: string[]) => (parameters === undefined ? undefined : names.some((name) => parameters.includes(name)));
  const input = model.architecture?.input_modalities ?? ['text'];
  return {
    id: model.id,
    name: model.name ?? model.id,
    contextLength: model.context_length ?? model.top_provider?.context_length ?? undefined,
    maxOutputTokens: model.top_provider?.max_completion_tokens ?? undefined,
    pricing: knownPricing(model.pricing),
    capabilities: {
      structuredOutputs: has('structured_outputs', 'response_format'),
      tools: has('tools'),
      reasoning: has('reasoning', 'include_reasoning'),
      vision: model.architecture?.input_modalities ? input.includes('image') : undefined,
    },
    inputModalities: input,
    outputModalities: model.architecture?.output_modalities ?? ['text'],
    source,
  };
}

/**
 * The models of a `/models` answer that can write text; entries that do not parse are
 * skipped (a catalog that adds a field must not break the CLI), and counted.
 */
export function parseModelList(body: unknown, source: CatalogSource): { models: CatalogModel[]; skipped: number } {
  const list = openRouterCatalogSchema.safeParse(body);
  if (!list.success) throw new TypeError('the answer has no "data" list of models');
  const models: CatalogModel[] = [];
  let skipped = 0;
  for (const entry of list.data.data) {
    const parsed = openRouterModelSchema.safeParse(entry);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const model = toCatalogModel(parsed.data, source);
    if (model.outputModalities.includes('text')) models.push(model);
  }
  return { models, skipped };
}
