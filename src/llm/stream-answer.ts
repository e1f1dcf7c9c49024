import { jsonSchema, Output, streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { AnswerFormat } from './answer-format.js';
import { formatTimeout } from './call-timeouts.js';
import { COST_METADATA_KEY } from './create-language-model.js';
import { findCause } from './find-cause.js';
import { ModelCallError, type CallSite } from './model-call-error.js';
import { isTappable, tapRawChunks } from './raw-chunk-taps.js';
import type { RecordedAnswer } from './recorded-answer.js';
import { ResponseFormatRefusedError } from './response-format-refusal.js';
import { StalledStreamError } from './stall-guard.js';
import type { StreamReport } from './stream-report.js';
import type { ChatMessage, LlmUsage } from './types.js';

export interface LiveCall {
  model: LanguageModel;
  site: CallSite;
  system: string;
  messages: readonly ChatMessage[];
  /** Set when the endpoint enforces JSON schemas; otherwise the schema travels in the prompt only. */
  format?: AnswerFormat;
  temperature?: number;
  maxOutputTokens?: number;
  timeoutMs: number;
  onProgress?: (outputChars: number) => void;
  now: () => number;
  /** Reads the raw chunks as they arrive: what was billed survives a stream that breaks afterwards. */
  report?: StreamReport;
}

/** Progress is for a live view; more than a few updates a second would only flood it. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Non-strict schemas: OpenAI's strict mode demands every property be required and objects
 * closed (`additionalProperties: false`), and refuses `examples` and `minLength`; none of the
 * document schemas is written so (optional fields, examples for the model), and a strict
 * request with them is refused outright. Servers that enforce schemas still do so.
 */
/** Anthropic caches a prompt only up to marked blocks (at most four); other providers ignore the option and cache prefixes themselves. */
const CACHE_BREAKPOINT = { anthropic: { cacheControl: { type: 'ephemeral' } } };

const PROVIDER_OPTIONS = { openai: { strictJsonSchema: false }, openaiCompatible: { strictJsonSchema: false } };

/** What a failed stream means: a stall or a refused schema (both worth asking again), else what the SDK reported. */
function callFailure(error: unknown, site: CallSite): ModelCallError {
  const stall = findCause(error, (value): value is StalledStreamError => StalledStreamError.isInstance(value));
  if (stall) return new ModelCallError({ ...site, detail: stall.message, kind: 'timeout', cause: error });
  const refused = findCause(error, (value): value is ResponseFormatRefusedError => ResponseFormatRefusedError.isInstance(value));
  if (refused) return new ModelCallError({ ...site, detail: refused.message, kind: 'format-refused', statusCode: 400, retryAfterMs: 0, cause: error });
  return ModelCallError.fromError(error, site);
}

/** A token count as the ledger keeps it: a whole number from 0 up, whatever the provider sent. */
function tokenCount(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER) : 0;
}

function toLlmUsage(usage: LanguageModelUsage | undefined): LlmUsage {
  return {
    inputTokens: tokenCount(usage?.inputTokens),
    outputTokens: tokenCount(usage?.outputTokens),
    cachedInputTokens: tokenCount(usage?.inputTokenDetails?.cacheReadTokens ?? usage?.cachedInputTokens),
  };
}

/** A live answer, with what the response said beyond the text: its headers and the provider's cost. */
export interface LiveAnswer {
  answer: RecordedAnswer;
  headers?: Record<string, string>;
  /** USD, as the provider reported it (OpenRouter's `usage.cost`). */
  reportedCostUsd?: number;
  /** The model the response says answered; a gateway may route a request to another one. */
  modelId?: string;
  /** Input tokens the provider wrote to its prompt cache (Anthropic prices them apart); part of the input tokens. */
  cacheWriteTokens?: number;
}

function reportedCost(metadata: unknown): number | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const ours = (metadata as Record<string, unknown>)[COST_METADATA_KEY];
  if (typeof ours !== 'object' || ours === null || !('cost' in ours)) return undefined;
  return typeof ours.cost === 'number' ? ours.cost : undefined;
}

/**
 * One streamed call to a live model, never retried here (the client's retry policy decides):
 * the raw answer text with its usage, or a `ModelCallError`.
 */
export async function streamAnswer(call: LiveCall): Promise<LiveAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  const timedOut = () => new ModelCallError({ ...call.site, detail: `no complete answer within ${formatTimeout(call.timeoutMs)} (timeouts.call_s)`, kind: 'timeout' });
  let text = '';
  let usage: LanguageModelUsage | undefined;
  let finishReason: string | undefined;
  let headers: Record<string, string> | undefined;
  let cost: number | undefined;
  let modelId: string | undefined;
  let streamError: unknown;
  let lastProgress = Number.NEGATIVE_INFINITY;
  const report = call.report;
  // Raw chunks go to the report straight from the stall guard when the model has one; else through the SDK.
  const tapped = report !== undefined && isTappable(call.model);
  if (tapped) tapRawChunks(controller.signal, (raw) => report.observe(raw));
  try {
    const result = streamText({
      model: call.model,
      system: call.system,
      messages: call.messages.map((message) => ({ role: message.role, content: message.content, ...(message.cacheBreakpoint ? { providerOptions: CACHE_BREAKPOINT } : {}) })),
      ...(call.format
        ? {
            output: Output.object({
              schema: jsonSchema(call.format.jsonSchema),
              // OpenAI accepts only [a-zA-Z0-9_-]{1,64} as a schema name; custom roles may name documents freely.
              name: call.format.schemaName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document',
              ...(call.format.schemaDescription ? { description: call.format.schemaDescription } : {}),
            }),
            providerOptions: PROVIDER_OPTIONS,
          }
        : {}),
      ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
      ...(call.maxOutputTokens !== undefined ? { maxOutputTokens: call.maxOutputTokens } : {}),
      maxRetries: 0,
      ...(report && !tapped ? { includeRawChunks: true } : {}),
      abortSignal: controller.signal,
      // Errors are read from the stream below; the default handler would also print them.
      onError: () => undefined,
    });
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') {
        text += part.text;
        const at = call.now();
        if (call.onProgress && at - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = at;
          call.onProgress(text.length);
        }
      } else if (part.type === 'finish-step') {
        headers = part.response.headers;
        modelId = part.response.modelId;
        cost = reportedCost(part.providerMetadata) ?? cost;
      } else if (part.type === 'finish') {
        usage = part.totalUsage;
        finishReason = part.finishReason;
      } else if (part.type === 'error') {
        streamError ??= part.error;
      } else if (part.type === 'raw') {
        report?.observe(part.rawValue);
      } else if (part.type === 'abort') {
        break;
      }
    }
  } catch (error) {
    if (controller.signal.aborted) throw timedOut();
    // Thrown rather than streamed: the body broke off or could not be read.
    throw callFailure(error, call.site);
  } finally {
    clearTimeout(timer);
  }
  if (controller.signal.aborted) throw timedOut();
  if (streamError !== undefined) throw callFailure(streamError, call.site);
  call.onProgress?.(text.length);
  return {
    answer: { text, usage: toLlmUsage(usage), ...(finishReason !== undefined ? { finishReason } : {}) },
    ...(headers !== undefined ? { headers } : {}),
    ...(cost !== undefined ? { reportedCostUsd: cost } : {}),
    ...(modelId !== undefined ? { modelId } : {}),
    ...(tokenCount(usage?.inputTokenDetails?.cacheWriteTokens) > 0 ? { cacheWriteTokens: tokenCount(usage?.inputTokenDetails?.cacheWriteTokens) } : {}),
  };
}
