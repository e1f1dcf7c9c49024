import { APICallError } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import type { CachedResponse, ModelCallRecord } from '../store/store.js';
import type { LlmStore } from './llm-client.js';

type StreamResult = Awaited<ReturnType<MockLanguageModelV3['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];

/** What one scripted model call does. */
export type MockReply =
  | string
  /** `answeredBy`: the model the response names, as a gateway that handed the call to another one. */
  | { text: string; finishReason?: 'stop' | 'length'; inputTokens?: number; outputTokens?: number; cachedInputTokens?: number; answeredBy?: string }
  | { status: number; message?: string }
  | { streamError: string; after?: string }
  | { hang: true };

function finish(text: string, reply: Exclude<MockReply, string>): StreamPart {
  const input = 'inputTokens' in reply && reply.inputTokens !== undefined ? reply.inputTokens : 100;
  const cached = 'cachedInputTokens' in reply && reply.cachedInputTokens !== undefined ? reply.cachedInputTokens : 0;
  const output = 'outputTokens' in reply && reply.outputTokens !== undefined ? reply.outputTokens : Math.ceil(text.length / 4);
  const unified = 'finishReason' in reply && reply.finishReason !== undefined ? reply.finishReason : 'stop';
  return {
    type: 'finish',
    finishReason: { unified, raw: unified },
    usage: {
      inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite: undefined },
      outputTokens: { total: output, text: output, reasoning: undefined },
    },
  };
}

/** Streams the text in two chunks, the way a provider would. */
function textParts(text: string): StreamPart[] {
  const middle = Math.floor(text.length / 2);
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: text.slice(0, middle) },
    { type: 'text-delta', id: 't', delta: text.slice(middle) },
    { type: 'text-end', id: 't' },
  ];
}

async function play(reply: MockReply, options: CallOptions): Promise<StreamResult> {
  if (typeof reply === 'string') return play({ text: reply }, options);
  if ('status' in reply) {
    throw new APICallError({
      message: reply.message ?? `HTTP ${reply.status}`,
      url: 'http://mock.invalid/v1/chat/completions',
      requestBodyValues: {},
      statusCode: reply.status,
      isRetryable: reply.status === 429 || reply.status >= 500,
      responseHeaders: { 'retry-after-ms': '1' },
    });
  }
  if ('hang' in reply) {
    const signal = options.abortSignal;
    return {
      stream: new ReadableStream<StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          signal?.addEventListener('abort', () => controller.error(signal.reason));
        },
      }),
    };
  }
  if ('streamError' in reply) {
    const partial = reply.after ?? '';
    return {
      stream: convertArrayToReadableStream<StreamPart>([
        ...textParts(partial).slice(0, -1),
        { type: 'error', error: new Error(reply.streamError) },
        finish(partial, { text: partial }),
      ]),
    };
  }
  const [start, ...rest] = textParts(reply.text);
  const named: StreamPart[] = reply.answeredBy !== undefined ? [{ type: 'response-metadata', id: 'resp-1', modelId: reply.answeredBy, timestamp: new Date(0) }] : [];
  return { stream: convertArrayToReadableStream<StreamPart>([start!, ...named, ...rest, finish(reply.text, reply)]) };
}

/** A model that answers each call with the next reply; a call past the script fails the test. */
export function scriptedModel(replies: MockReply[], modelId = 'mock-model'): MockLanguageModelV3 {
  let next = 0;
  return new MockLanguageModelV3({
    provider: 'mock-provider',
    modelId,
    doStream: async (options) => {
      const reply = replies[next++];
      if (reply === undefined) throw new Error(`the mock model was called ${next} times but only ${replies.length} replies were scripted`);
      return play(reply, options);
    },
  });
}

/** The text of every message the model received on call `index`, as `role: text` lines. */
export function promptOf(model: MockLanguageModelV3, index: number): { role: string; text: string }[] {
  const call = model.doStreamCalls[index];
  if (call === undefined) throw new Error(`the mock model has no call #${index}`);
  return call.prompt.map((message) => ({
    role: message.role,
    text:
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(''),
  }));
}

/** The response cache and ledger of the store, in memory. */
export function memoryLlmStore(): LlmStore & { cache: Map<string, CachedResponse>; calls: ModelCallRecord[] } {
  const cache = new Map<string, CachedResponse>();
  const calls: ModelCallRecord[] = [];
  return {
    cache,
    calls,
    getCachedResponse: async (requestHash) => cache.get(requestHash),
    putCachedResponse: async (requestHash, response) => {
      cache.set(requestHash, { requestHash, response: structuredClone(response), createdAt: new Date().toISOString() });
    },
    recordModelCall: async (call) => {
      calls.push(call);
    },
  };
}
