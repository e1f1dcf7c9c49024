import { z } from 'zod';
import type { LlmUsage } from './types.js';

const count = z.number().int().nonnegative().nullish();

/** OpenAI and the OpenAI-compatible servers: `model` on every chunk, `usage` (OpenRouter's `cost` too) on the last. */
const openAiChunk = z.looseObject({
  model: z.string().nullish(),
  usage: z
    .looseObject({
      prompt_tokens: count,
      completion_tokens: count,
      prompt_tokens_details: z.looseObject({ cached_tokens: count }).nullish(),
      cost: z.number().nonnegative().nullish(),
    })
    .nullish(),
});

const anthropicUsage = z.looseObject({ input_tokens: count, output_tokens: count, cache_read_input_tokens: count, cache_creation_input_tokens: count });

/** Anthropic: `message_start` carries the model and the input tokens, `message_delta` the output so far. */
const anthropicEvent = z.union([
  z.looseObject({ type: z.literal('message_start'), message: z.looseObject({ model: z.string().nullish(), usage: anthropicUsage.nullish() }) }),
  z.looseObject({ type: z.literal('message_delta'), usage: anthropicUsage.nullish() }),
]);

/**
 * What the provider said about a call while it streamed, read from the raw chunks: the model
 * that answered, the tokens billed and the reported cost. A stream that breaks after its usage
 * arrived is still charged for it; the AI SDK drops that usage with the broken stream.
 */
export class StreamReport {
  private input: number | undefined;
  private output: number | undefined;
  private cached = 0;
  /** Input tokens written to the provider's prompt cache (Anthropic's cache_creation_input_tokens). */
  cacheWritten = 0;
  model: string | undefined;
  costUsd: number | undefined;

  observe(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const chunk = raw as Record<string, unknown>;
    const anthropicUsageEvent = chunk.type === 'message_start' || chunk.type === 'message_delta';
    // Most chunks are text deltas: no usage, at most the model's name. They are read without a parse.
    if (!anthropicUsageEvent && chunk.usage == null && (chunk.model == null || typeof chunk.model === 'string')) {
      this.model = chunk.model ?? this.model;
      return;
    }
    const anthropic = anthropicUsageEvent ? anthropicEvent.safeParse(raw) : undefined;
    if (anthropic?.success) {
      const event = anthropic.data;
      if (event.type === 'message_start') this.model = event.message.model ?? this.model;
      const usage = event.type === 'message_start' ? event.message.usage : event.usage;
      if (usage) this.readAnthropic(usage);
      return;
    }
    const openAi = openAiChunk.safeParse(raw);
    if (!openAi.success) return;
    this.model = openAi.data.model ?? this.model;
    const usage = openAi.data.usage;
    if (!usage) return;
    this.input = usage.prompt_tokens ?? this.input;
    this.output = usage.completion_tokens ?? this.output;
    this.cached = usage.prompt_tokens_details?.cached_tokens ?? this.cached;
    this.costUsd = usage.cost ?? this.costUsd;
  }

  /** The tokens the provider reported; undefined when it reported none before the stream ended. */
  get usage(): LlmUsage | undefined {
    if (this.input === undefined && this.output === undefined) return undefined;
    return { inputTokens: this.input ?? 0, outputTokens: this.output ?? 0, cachedInputTokens: this.cached };
  }

  private readAnthropic(usage: z.infer<typeof anthropicUsage>): void {
    // Anthropic counts cached and cache-written input apart; the ledger's input is all of it.
    this.cached = usage.cache_read_input_tokens ?? this.cached;
    this.cacheWritten = usage.cache_creation_input_tokens ?? this.cacheWritten;
    if (usage.input_tokens != null) this.input = usage.input_tokens + this.cached + this.cacheWritten;
    this.output = usage.output_tokens ?? this.output;
  }
}
