/**
 * The catalog that ships with Atelier, so selection works offline and before the first
 * `atelier models update`: a curated subset of OpenRouter's `GET /models`, in its wire shape
 * (read with the same schema as a live answer), with the prices listed on the date below.
 * A cached update replaces it; prices change, so `models update` is the source of truth.
 */
export const OPENROUTER_SNAPSHOT_DATE = '2025-10-15T00:00:00.000Z';

const BASE = ['max_tokens', 'temperature', 'top_p', 'stop', 'seed'];
const STRUCTURED = [...BASE, 'tools', 'tool_choice', 'response_format', 'structured_outputs'];
const REASONING = [...STRUCTURED, 'reasoning', 'include_reasoning'];
const JSON_MODE = [...BASE, 'tools', 'tool_choice', 'response_format'];
const OPEN_REASONING = [...JSON_MODE, 'reasoning', 'include_reasoning'];

/** Dollars per million tokens in, out, cached-in and cache-written, as the catalog page shows them. */
type PerMillion = [prompt: string, completion: string, cacheRead?: string, cacheWrite?: string];

function perToken(perMillion: string): string {
  if (perMillion === '0') return '0';
  const [whole = '0', fraction = ''] = perMillion.split('.');
  const digits = `${whole}${fraction}`.replace(/^0+/, '') || '0';
  const exponent = fraction.length + 6;
  const padded = digits.padStart(exponent + 1, '0');
  const text = `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

function entry(id: string, name: string, context: number, maxOutput: number, price: PerMillion, parameters: string[], vision = false) {
  const [prompt, completion, cacheRead, cacheWrite] = price;
  return {
    id,
    name,
    context_length: context,
    architecture: { input_modalities: vision ? ['text', 'image'] : ['text'], output_modalities: ['text'] },
    pricing: {
      prompt: perToken(prompt),
      completion: perToken(completion),
      request: '0',
      ...(cacheRead !== undefined ? { input_cache_read: perToken(cacheRead) } : {}),
      ...(cacheWrite !== undefined ? { input_cache_write: perToken(cacheWrite) } : {}),
    },
    top_provider: { context_length: context, max_completion_tokens: maxOutput },
    supported_parameters: parameters,
  };
}

export const OPENROUTER_SNAPSHOT: { fetchedAt: string; data: unknown[] } = {
  fetchedAt: OPENROUTER_SNAPSHOT_DATE,
  data: [
    entry('anthropic/claude-opus-4.1', 'Anthropic: Claude Opus 4.1', 200_000, 32_000, ['15', '75', '1.5', '18.75'], REASONING, true),
    entry('anthropic/claude-sonnet-4.5', 'Anthropic: Claude Sonnet 4.5', 1_000_000, 64_000, ['3', '15', '0.3', '3.75'], REASONING, true),
    entry('anthropic/claude-sonnet-4', 'Anthropic: Claude Sonnet 4', 1_000_000, 64_000, ['3', '15', '0.3', '3.75'], REASONING, true),
    entry('anthropic/claude-haiku-4.5', 'Anthropic: Claude Haiku 4.5', 200_000, 64_000, ['1', '5', '0.1', '1.25'], REASONING, true),
    entry('anthropic/claude-3.5-haiku', 'Anthropic: Claude 3.5 Haiku', 200_000, 8_192, ['0.8', '4', '0.08', '1'], JSON_MODE, true),
    entry('openai/gpt-5', 'OpenAI: GPT-5', 400_000, 128_000, ['1.25', '10', '0.125'], REASONING, true),
    entry('openai/gpt-5-mini', 'OpenAI: GPT-5 Mini', 400_000, 128_000, ['0.25', '2', '0.025'], REASONING, true),
    entry('openai/gpt-5-nano', 'OpenAI: GPT-5 Nano', 400_000, 128_000, ['0.05', '0.4', '0.005'], REASONING),
    entry('openai/gpt-4.1', 'OpenAI: GPT-4.1', 1_047_576, 32_768, ['2', '8', '0.5'], STRUCTURED, true),
    entry('openai/gpt-4.1-mini', 'OpenAI: GPT-4.1 Mini', 1_047_576, 32_768, ['0.4', '1.6', '0.1'], STRUCTURED, true),
    entry('openai/gpt-4.1-nano', 'OpenAI: GPT-4.1 Nano', 1_047_576, 32_768, ['0.1', '0.4', '0.025'], STRUCTURED),
    entry('openai/gpt-4o', 'OpenAI: GPT-4o', 128_000, 16_384, ['2.5', '10', '1.25'], STRUCTURED, true),
    entry('openai/gpt-4o-mini', 'OpenAI: GPT-4o-mini', 128_000, 16_384, ['0.15', '0.6', '0.075'], STRUCTURED, true),
    entry('openai/o3', 'OpenAI: o3', 200_000, 100_000, ['2', '8', '0.5'], REASONING, true),
    entry('openai/o4-mini', 'OpenAI: o4 Mini', 200_000, 100_000, ['1.1', '4.4', '0.275'], REASONING, true),
    entry('openai/gpt-oss-120b', 'OpenAI: gpt-oss-120b', 131_072, 32_768, ['0.05', '0.25'], OPEN_REASONING),
    entry('openai/gpt-oss-20b:free', 'OpenAI: gpt-oss-20b (free)', 131_072, 32_768, ['0', '0'], OPEN_REASONING),
    entry('google/gemini-2.5-pro', 'Google: Gemini 2.5 Pro', 1_048_576, 65_536, ['1.25', '10', '0.31'], REASONING, true),
    entry('google/gemini-2.5-flash', 'Google: Gemini 2.5 Flash', 1_048_576, 65_535, ['0.3', '2.5', '0.075'], REASONING, true),
    entry('google/gemini-2.5-flash-lite', 'Google: Gemini 2.5 Flash Lite', 1_048_576, 65_535, ['0.1', '0.4', '0.025'], REASONING, true),
    entry('google/gemini-2.0-flash-exp:free', 'Google: Gemini 2.0 Flash Experimental (free)', 1_048_576, 8_192, ['0', '0'], JSON_MODE, true),
    entry('deepseek/deepseek-chat-v3.1', 'DeepSeek: DeepSeek V3.1', 163_840, 163_840, ['0.2', '0.8'], OPEN_REASONING),
    entry('deepseek/deepseek-chat-v3.1:free', 'DeepSeek: DeepSeek V3.1 (free)', 163_840, 163_840, ['0', '0'], OPEN_REASONING),
    entry('deepseek/deepseek-r1-0528', 'DeepSeek: R1 0528', 163_840, 163_840, ['0.4', '1.75'], OPEN_REASONING),
    entry('qwen/qwen3-coder', 'Qwen: Qwen3 Coder 480B A35B', 262_144, 262_144, ['0.22', '0.95'], JSON_MODE),
    entry('qwen/qwen3-coder:free', 'Qwen: Qwen3 Coder 480B A35B (free)', 262_144, 262_144, ['0', '0'], JSON_MODE),
    entry('x-ai/grok-code-fast-1', 'xAI: Grok Code Fast 1', 256_000, 10_000, ['0.2', '1.5', '0.02'], REASONING),
    entry('x-ai/grok-4', 'xAI: Grok 4', 256_000, 64_000, ['3', '15', '0.75'], REASONING, true),
    entry('mistralai/mistral-medium-3.1', 'Mistral: Mistral Medium 3.1', 131_072, 32_768, ['0.4', '2'], STRUCTURED, true),
    entry('mistralai/codestral-2508', 'Mistral: Codestral 2508', 256_000, 32_768, ['0.3', '0.9'], STRUCTURED),
    entry('mistralai/mistral-small-3.2-24b-instruct:free', 'Mistral: Mistral Small 3.2 24B (free)', 131_072, 32_768, ['0', '0'], JSON_MODE, true),
    entry('meta-llama/llama-3.3-70b-instruct', 'Meta: Llama 3.3 70B Instruct', 131_072, 16_384, ['0.13', '0.39'], JSON_MODE),
    entry('meta-llama/llama-3.3-70b-instruct:free', 'Meta: Llama 3.3 70B Instruct (free)', 131_072, 16_384, ['0', '0'], JSON_MODE),
  ],
};
