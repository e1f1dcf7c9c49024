import { z } from 'zod';
import type { FakeChatRequest, FakeReply, FakeToolCall } from './fake-llm-types.js';
import { FakeReplyError } from './fake-reply-error.js';
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
type Usage = ReturnType<typeof resolveUsage>;

// Status -> error type per wire-fixtures/anthropic_errors.json (docs.claude.com/en/api/errors).
const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};
const fixtureMessages: Record<number, string> = {
  429: 'Number of request tokens has exceeded your per-minute rate limit',
  529: 'Overloaded',
};

// Anthropic names the reason a turn ended differently; tests script replies in OpenAI's words.
const stopReasons: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export function anthropicErrorBody(status: number, message?: string, requestId = 'req_fake'): unknown {
  const type = errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const text = message ?? fixtureMessages[status] ?? `Fake LLM server error (HTTP ${status}).`;
  return { type: 'error', error: { type, message: text }, request_id: requestId };
}

export function anthropicError(req: { index: number }, status: number, body?: unknown, headers?: Record<string, string>): WireResponse {
  return jsonResponse(status, body ?? anthropicErrorBody(status, undefined, requestId(req)), { 'request-id': requestId(req), ...headers });
}

export function anthropicText(asked: FakeChatRequest, reply: TextReply): WireResponse {
  const usage = resolveUsage(asked, reply.content, reply.usage);
  const req = reply.answeredBy === undefined ? asked : { ...asked, model: reply.answeredBy };
  if (answersWithJsonTool(req, reply.content)) return toolUse(req, [{ name: 'json', arguments: reply.content }], usage);
  const stopReason = stopReasons[reply.finishReason ?? 'stop'] ?? reply.finishReason ?? 'end_turn';
  if (!req.stream) return jsonResponse(200, message(req, [{ type: 'text', text: reply.content }], stopReason, usage), headers(req));
  return sseResponse([...textEvents(req, reply.content, usage), ...closingEvents(stopReason, usage)], headers(req));
}

export function anthropicToolCalls(req: FakeChatRequest, reply: ToolCallsReply): WireResponse {
  const usage = resolveUsage(req, reply.calls.map((c) => c.name + c.arguments).join(''));
  return toolUse(req, reply.calls, usage);
}

function toolUse(req: FakeChatRequest, scripted: FakeToolCall[], usage: Usage): WireResponse {
  const calls = scripted.map((call, i) => ({
    id: call.id ?? `toolu_fake_${req.index}_${i}`,
    name: call.name,
    arguments: call.arguments,
    input: toolInput(call.name, call.arguments),
  }));
  if (!req.stream) {
    const content = calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input }));
    return jsonResponse(200, message(req, content, 'tool_use', usage), headers(req));
  }
  // Same layout as wire-fixtures/anthropic_stream.sse: the block opens with empty input, then partial JSON.
  const blocks = calls.flatMap((c, index) => [
    event('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } }),
    ...streamPieces(c.arguments).map((partial_json) =>
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }),
    ),
    event('content_block_stop', { index }),
  ]);
  return sseResponse([messageStart(req, usage), ...blocks, ...closingEvents('tool_use', usage)], headers(req));
}

/** Part of the answer, then a dropped connection: no message_delta, no message_stop. */
export function anthropicTruncated(req: FakeChatRequest, truncated: string | TruncateReply): WireResponse {
  const reply: TruncateReply = typeof truncated === 'string' ? { kind: 'truncate', content: truncated } : truncated;
  const { content } = reply;
  if (reply.afterUsage && req.stream) {
    const whole = anthropicText(req, { kind: 'text', content, ...(reply.usage ? { usage: reply.usage } : {}) });
    return { ...whole, frames: whole.frames.filter((piece) => !piece.startsWith('event: message_stop\n')), cutOff: true };
  }
  const usage = resolveUsage(req, content, reply.usage);
  if (!req.stream) return cutJsonResponse(message(req, [{ type: 'text', text: content }], 'end_turn', usage), headers(req));
  return { ...sseResponse(textEvents(req, firstHalf(content), usage), headers(req)), cutOff: true };
}

export function anthropicMalformed(req: FakeChatRequest): WireResponse {
  const broken = `{"id":"msg_fake_${req.index}","type":"message","role":"assistant","content":[{"type":"text","text":"unterminated`;
  if (!req.stream) return { status: 200, headers: { 'content-type': 'application/json', ...headers(req) }, frames: [broken] };
  return sseResponse([`event: message_start\ndata: ${broken}\n\n`], headers(req));
}

const forcedToolChoice = z.looseObject({
  tools: z.array(z.looseObject({ name: z.string() })),
  tool_choice: z.looseObject({ type: z.enum(['any', 'tool']) }),
});

/**
 * For models without native structured output the SDK forces a tool named `json`; a real model answers
 * with that tool, so a JSON object scripted as text goes out as its input (anything else stays text).
 */
function answersWithJsonTool(req: FakeChatRequest, content: string): boolean {
  const forced = forcedToolChoice.safeParse(req.body);
  return forced.success && forced.data.tools.some((t) => t.name === 'json') && isJsonObject(content);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

function toolInput(name: string, args: string): unknown {
  if (isJsonObject(args)) return JSON.parse(args);
  throw new FakeReplyError(
    `Tool call "${name}" has arguments that are not a JSON object (${JSON.stringify(args.slice(0, 60))}); ` +
      'the Anthropic wire sends tool input as an object, so script valid JSON for Anthropic requests.',
  );
}

function textEvents(req: FakeChatRequest, text: string, usage: Usage): string[] {
  return [
    messageStart(req, usage),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', {}),
    ...streamPieces(text).map((piece) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } })),
  ];
}

function closingEvents(stopReason: string, usage: Usage): string[] {
  return [
    ...(stopReason === 'tool_use' ? [] : [event('content_block_stop', { index: 0 })]),
    event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }),
    event('message_stop', {}),
  ];
}

function messageStart(req: FakeChatRequest, usage: Usage): string {
  const start = message(req, [], null, { ...usage, outputTokens: 1 });
  return event('message_start', { message: start });
}

function message(req: FakeChatRequest, content: unknown[], stopReason: string | null, usage: Usage) {
  return {
    id: `msg_fake_${req.index}`,
    type: 'message',
    role: 'assistant',
    model: req.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usageBody(usage),
  };
}

/** Anthropic's input_tokens leaves out cache reads; the SDK adds them back to report the total. */
function usageBody(usage: Usage) {
  return {
    input_tokens: usage.inputTokens - usage.cachedInputTokens - (usage.cacheWriteTokens ?? 0),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const requestId = (req: { index: number }): string => `req_fake_${req.index}`;
const headers = (req: { index: number }): Record<string, string> => ({ 'request-id': requestId(req) });
