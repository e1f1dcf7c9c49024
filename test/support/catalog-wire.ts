// Catalog answers copied from wire-fixtures/openrouter_models.json and ollama_native.txt.

export const defaultOpenRouterModels: unknown[] = [
  {
    id: 'openai/gpt-4o',
    canonical_slug: 'openai/gpt-4o',
    name: 'OpenAI: GPT-4o',
    created: 1715367049,
    description: '...',
    context_length: 128000,
    architecture: {
      input_modalities: ['text', 'image', 'file'],
      output_modalities: ['text'],
      tokenizer: 'GPT',
      instruct_type: null,
    },
    pricing: {
      prompt: '0.0000025',
      completion: '0.00001',
      request: '0',
      image: '0',
      web_search: '0',
      internal_reasoning: '0',
      input_cache_read: '0.00000125',
    },
    top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: true },
    per_request_limits: null,
    supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'response_format', 'structured_outputs', 'seed', 'stop'],
    default_parameters: null,
    expiration_date: null,
  },
];

/** GET /v1/models in OpenRouter's shape. */
export function openRouterCatalog(models: unknown[]): unknown {
  return { data: models, total_count: models.length, links: { next: null } };
}

/** GET /api/tags in Ollama's shape: `models` entries, else the fixture's one. */
export function ollamaTags(models?: unknown[]): unknown {
  if (models !== undefined) return { models };
  return {
    models: [
      {
        name: 'llama3.2:latest',
        model: 'llama3.2:latest',
        modified_at: '2025-05-04T17:37:44.706015396-07:00',
        size: 2019393189,
        digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
        details: {
          parent_model: '',
          format: 'gguf',
          family: 'llama',
          families: ['llama'],
          parameter_size: '3.2B',
          quantization_level: 'Q4_K_M',
        },
      },
    ],
  };
}
