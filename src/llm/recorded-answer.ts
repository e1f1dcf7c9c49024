import { z } from 'zod';

/** Token counts as the ledger and `StructuredResult.usage` carry them. */
export const llmUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
});

/**
 * A model's raw answer to one request, exactly what the response cache and cassettes keep:
 * enough to rebuild the call's result (and its repair prompt) without the model.
 */
export const recordedAnswerSchema = z.object({
  text: z.string(),
  usage: llmUsageSchema,
  /** 'length' means the answer was cut off at the output limit; the repair prompt says so. */
  finishReason: z.string().optional(),
});

export type RecordedAnswer = z.infer<typeof recordedAnswerSchema>;

export const ZERO_USAGE = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 } as const;
