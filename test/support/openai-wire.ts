import { z } from 'zod';
import type { FakeChatRequest, FakeReply } from './fake-llm-types.js';
import { resolveUsage } from './fake-usage.js';
import {
  cutJsonResponse,
  firstHalf,
  jsonResponse,
  sseResponse,
  streamPieces,
  type WireResponse,
} from './wire-response.js';

type TextReply = Extract<FakeReply, { kind: 'text' }>;
type ToolCallsReply = Extract<FakeReply, { kind: 'tool_calls' }>;
type TruncateReply = Extract<FakeReply, { kind: 'truncate' }>;

// Default error bodies per status, copied from wire-fixtures/openai_errors.json.
const fixtureErrors: Record<number, { message: string; type: string; param: string | null; code: string | null }> = {
  400: {
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  },
  401: { message: 'Incorrect API key provided: sk-****.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' },
  429: { message: 'Rate limit reached for gpt-4o-mini ... on tokens per min (TPM).', type: 'tokens', param: null, code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null },
};

/** An OpenAI error body: the fixture's for `status`, or one carrying `message` when the server has its own reason. */
export function openAiErrorBody(status: number, message?: string): unknown {
  const fixture = fixtureErrors[status];
  if (fixture && message === undefined) return { error: fixture };
  const type = fixture?.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return { error: { message: message ?? `Fake LLM server error (HTTP ${status}).`, type, param: null, code: null } };
}

export function openAiError(req: { index: number }, status: number, body?: unknown, headers?: Record<string, string>): WireResponse {
  return jsonResponse(status, body ?? openAiErrorBody(status), { 'x-request-id': requestId(req), ...headers });
}

export function openAiText(asked: FakeChatRequest, reply: TextReply): WireResponse {
  const usage = usageBody(asked, reply.content, reply);
  // The response names the model that answered, which a gateway may pick instead of the one asked.
  const req = reply.answeredBy === undefined ? asked : { ...asked, model: reply.answeredBy };
  const finish = reply.finishReason ?? 'stop';
  if (!req.stream) {
    return jsonResponse(200, completion(req, { role: 'assistant', content: reply.content, refusal: null }, finish, usage), headers(req));
  }
  const deltas = streamPieces(reply.content).map((content) => chunk(req, { content }));
  return stream(req, [chunk(req, { role: 'assistant', content: '' }), ...deltas, chunk(req, {}, finish)], usage);
}

export function openAiToolCalls(req: FakeChatRequest, reply: ToolCallsReply): WireResponse {
  const calls = reply.calls.map((call, i) => ({ id: call.id ?? `call_fake_${req.index}_${i}`, name: call.name, arguments: call.arguments }));
  const usage = usageBody(req, calls.map((c) => c.name + c.arguments).join(''));
  if (!req.stream) {
    const toolCalls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    return jsonResponse(200, completion(req, { role: 'assistant', content: null, refusal: null, tool_calls: toolCalls }, 'tool_calls', usage), headers(req));
  }
  // Same layout as wire-fixtures/openai_chat_stream.sse: id and name first, then the arguments in pieces.
  const chunks = calls.flatMap((c, index) => [
    chunk(req, {
      ...(index === 0 && { role: 'assistant', content: null }),
      tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
    }),
    ...streamPieces(c.arguments).map((args) => chunk(req, { tool_calls: [{ index, function: { arguments: args } }] })),
  ]);
  return stream(req, [...chunks, chunk(req, {}, 'tool_calls')], usage);
}

/** Part of the answer, then a dropped connection: no finish chunk, no usage, no [DONE]. Or, `afterUsage`, all but [DONE]. */
export function openAiTruncated(req: FakeChatRequest, truncated: string | TruncateReply): WireResponse {
  const reply: TruncateReply = typeof truncated === 'string' ? { kind: 'truncate', content: truncated } : truncated;
  const { content } = reply;
  if (reply.afterUsage && req.stream) {
    const whole = openAiText(req, { kind: 'text', content, ...(reply.usage ? { usage: reply.usage } : {}) });
    return { ...whole, frames: whole.frames.filter((piece) => piece !== DONE), cutOff: true };
  }
  const partial = firstHalf(content);
  if (!req.stream) {
    return cutJsonResponse(completion(req, { role: 'assistant', content, refusal: null }, 'stop', usageBody(req, content)), headers(req));
  }
  const deltas = streamPieces(partial).map((piece) => chunk(req, { content: piece }));
  const frames = [chunk(req, { role: 'assistant', content: '' }), ...deltas].map(frame);
  return { ...sseResponse(frames, headers(req)), cutOff: true };
}

export function openAiMalformed(req: FakeChatRequest): WireResponse {
  const broken = `{"id":"${completionId(req)}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"unterminated`;
  if (!req.stream) return { status: 200, headers: { 'content-type': 'application/json', ...headers(req) }, frames: [broken] };
  return sseResponse([`data: ${broken}\n\n`, 'data: [DONE]\n\n'], headers(req));
}

const streamOptions = z.looseObject({ stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish() });

/** OpenAI sends usage (in a last chunk with no choices) only when the client asked for it. */
function wantsStreamUsage(req: FakeChatRequest): boolean {
  const parsed = streamOptions.safeParse(req.body);
  return parsed.success && parsed.data.stream_options?.include_usage === true;
}

function stream(req: FakeChatRequest, chunks: Record<string, unknown>[], usage: Record<string, unknown>): WireResponse {
  const withUsage = wantsStreamUsage(req);
  const body = withUsage ? [...chunks.map((c) => ({ ...c, usage: null })), { ...chunkBase(req), choices: [], usage }] : chunks;
  return sseResponse([...body.map(frame), DONE], headers(req));
}

function usageBody(req: FakeChatRequest, output: string, reply?: Pick<TextReply, 'usage' | 'cost'>): Record<string, unknown> {
  const usage = resolveUsage(req, output, reply?.usage);
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: 0 },
    ...(reply?.cost !== undefined && { cost: reply.cost }),
  };
}

function completion(req: FakeChatRequest, message: Record<string, unknown>, finishReason: string, usage: Record<string, unknown>) {
  return {
    id: completionId(req),
    object: 'chat.completion',
    created: nowSeconds(),
    model: req.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

function chunk(req: FakeChatRequest, delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { ...chunkBase(req), choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

function chunkBase(req: FakeChatRequest) {
  return { id: completionId(req), object: 'chat.completion.chunk', created: nowSeconds(), model: req.model };
}

const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const DONE = 'data: [DONE]\n\n';
const completionId = (req: { index: number }): string => `chatcmpl-fake-${req.index}`;
const requestId = (req: { index: number }): string => `req_fake_${req.index}`;
const headers = (req: { index: number }): Record<string, string> => ({ 'x-request-id': requestId(req) });
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
