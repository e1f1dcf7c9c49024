import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicErrorBody, anthropicMalformed, anthropicText, anthropicToolCalls, anthropicTruncated } from './anthropic-wire.js';
import { defaultOpenRouterModels, ollamaTags, openRouterCatalog } from './catalog-wire.js';
import type { FakeApi, FakeChatRequest, FakeReply, FakeResponder } from './fake-llm-types.js';
import { FakeReplyError } from './fake-reply-error.js';
import { openAiError, openAiErrorBody, openAiMalformed, openAiText, openAiToolCalls, openAiTruncated } from './openai-wire.js';
import { parseChatRequest } from './parse-chat-request.js';
import { jsonResponse, writeWireResponse, type WireResponse } from './wire-response.js';

export type { FakeApi, FakeChatRequest, FakeReply, FakeResponder, FakeToolCall, FakeUsage } from './fake-llm-types.js';

export interface FakeLlmServer {
  /** Base URL for OpenAI-compatible providers, e.g. http://127.0.0.1:PORT/v1 (Anthropic: origin + '/v1'). */
  url: string;
  origin: string;
  /** Every parsed chat request in arrival order, logged before it is answered. */
  requests: FakeChatRequest[];
  /** Every model-list request (`GET /models`, `GET /api/tags`), as `GET /models`, in arrival order. */
  listings: string[];
  /** Chat requests being answered right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxConcurrent: number;
  setResponder(responder: FakeResponder): void;
  /** Ends hung and delayed requests, drops kept-alive connections and frees the port. */
  close(): Promise<void>;
}

export interface FakeLlmServerOptions {
  responder?: FakeResponder;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Entries of GET /v1/models; defaults to the OpenRouter fixture's catalog. */
  models?: unknown[];
  /** GET /v1/models answers this error status instead of the list (a server without the route, a broken proxy). */
  modelsStatus?: number;
  /** Entries of Ollama's GET /api/tags; defaults to the fixture's llama3.2. */
  tags?: unknown[];
  /** Refuse every chat request that carries a `response_format`, with a 400 naming it, as servers without structured outputs do. */
  refuseResponseFormat?: boolean;
  /**
   * Report part of each prompt as served from a prompt cache, as OpenAI's automatic prefix caching
   * does: the longest prefix shared with an earlier request, once it reaches 1,024 tokens, in
   * steps of 128 (four characters a token). Only where the reply's usage does not say itself.
   */
  promptCache?: boolean;
}

function promptText(request: FakeChatRequest): string {
  return [request.system, ...request.messages.map((message) => `${message.role}\n${message.content}`)].join('\n\n');
}

function sharedPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The tokens a provider with automatic prefix caching would have served from its cache. */
export function cachedPrefixTokens(request: FakeChatRequest, earlier: readonly FakeChatRequest[]): number {
  const text = promptText(request);
  let longest = 0;
  for (const other of earlier) longest = Math.max(longest, sharedPrefix(text, promptText(other)));
  const tokens = Math.floor(longest / 4);
  return tokens < 1_024 ? 0 : Math.floor(tokens / 128) * 128;
}

/** An OpenAI-style 400 for a parameter the server does not take (the shape of wire-fixtures/openai_errors.json). */
export const RESPONSE_FORMAT_REFUSAL = {
  error: { message: "Unsupported parameter: 'response_format' is not supported by this server.", type: 'invalid_request_error', param: 'response_format', code: 'unsupported_parameter' },
};

const wires = {
  openai: { text: openAiText, toolCalls: openAiToolCalls, error: openAiError, errorBody: openAiErrorBody, truncated: openAiTruncated, malformed: openAiMalformed },
  anthropic: { text: anthropicText, toolCalls: anthropicToolCalls, error: anthropicError, errorBody: anthropicErrorBody, truncated: anthropicTruncated, malformed: anthropicMalformed },
} as const;

export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  let responder = options.responder;
  const models = options.models ?? defaultOpenRouterModels;
  const requests: FakeChatRequest[] = [];
  const listings: string[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;

  async function answerChat(api: FakeApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight += 1;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    res.once('close', () => (inFlight -= 1));
    const wire = wires[api];
    const index = requests.length;
    const fail = (status: number, message: string): WireResponse => wire.error({ index }, status, wire.errorBody(status, message));

    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return writeWireResponse(res, fail(400, `Request body is not valid JSON: ${JSON.stringify(raw.slice(0, 80))}`));
    }
    const parsed = parseChatRequest(api, body, headerRecord(req), requests.length);
    if (!parsed.ok) return writeWireResponse(res, fail(400, `Request body does not fit the ${api} chat format:\n${parsed.problem}`));
    const request = parsed.request;
    requests.push(request);
    if (options.refuseResponseFormat && request.responseFormat !== undefined) return writeWireResponse(res, wire.error(request, 400, RESPONSE_FORMAT_REFUSAL));

    let reply: FakeReply;
    try {
      if (!responder) {
        throw new Error('no responder is set: pass { responder } to startFakeLlmServer() or call setResponder() before the model is called');
      }
      reply = await responder(request);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return writeWireResponse(res, fail(500, `Fake LLM server: request #${request.index} (${request.model}): ${reason}`));
    }
    if (options.promptCache && reply.kind === 'text' && reply.usage && reply.usage.cachedInputTokens === undefined) {
      const cached = Math.min(reply.usage.inputTokens, cachedPrefixTokens(request, requests.slice(0, -1)));
      reply = { ...reply, usage: { ...reply.usage, cachedInputTokens: cached } };
    }
    if (reply.kind === 'hang') return; // answered by close() or by the client giving up
    if (reply.kind === 'stall') return writeStalled(res, wire.truncated(request, { kind: 'truncate', content: reply.content }));
    if (reply.kind === 'text' && reply.delayMs) await pause(reply.delayMs, res);
    if (res.destroyed) return;
    try {
      writeWireResponse(res, encode(api, request, reply));
    } catch (error) {
      if (!FakeReplyError.isInstance(error)) throw error;
      writeWireResponse(res, fail(500, error.message));
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const path = apiPath(new URL(req.url ?? '/', 'http://fake').pathname);
    const key = `${req.method ?? 'GET'} ${path}`;
    if (key === 'POST /chat/completions') return answerChat('openai', req, res);
    if (key === 'POST /messages') return answerChat('anthropic', req, res);
    if (key === 'GET /models' || key === 'GET /api/tags') listings.push(key);
    if (key === 'GET /models' && options.modelsStatus !== undefined) {
      return writeWireResponse(res, jsonResponse(options.modelsStatus, openAiErrorBody(options.modelsStatus, 'This server lists no models here.'), {}));
    }
    if (key === 'GET /models') return writeWireResponse(res, jsonResponse(200, openRouterCatalog(models), {}));
    if (key === 'GET /api/tags') return writeWireResponse(res, jsonResponse(200, ollamaTags(options.tags), {}));
    const message = `The fake LLM server has no route ${key}; it serves POST /v1/chat/completions, POST /v1/messages, GET /v1/models and GET /api/tags.`;
    writeWireResponse(res, jsonResponse(404, openAiErrorBody(404, message), {}));
  }

  const server = createServer((req, res) => {
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      // A bug in the fake itself: answer loudly rather than leave the client waiting.
      const message = `Fake LLM server crashed: ${error instanceof Error ? error.stack : String(error)}`;
      if (!res.headersSent) writeWireResponse(res, jsonResponse(500, openAiErrorBody(500, message), {}));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url: `${origin}/v1`,
    origin,
    requests,
    listings,
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    setResponder(next) {
      responder = next;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function encode(api: FakeApi, request: FakeChatRequest, reply: Exclude<FakeReply, { kind: 'hang' } | { kind: 'stall' }>): WireResponse {
  const wire = wires[api];
  switch (reply.kind) {
    case 'text':
      return wire.text(request, reply);
    case 'tool_calls':
      return wire.toolCalls(request, reply);
    case 'error':
      return wire.error(request, reply.status, reply.body, reply.headers);
    case 'truncate':
      return wire.truncated(request, reply);
    case 'malformed':
      return wire.malformed(request);
  }
}

/** Accepts the base URLs providers use: /v1 (OpenAI, Anthropic, Ollama), /api/v1 (OpenRouter), or none. */
function apiPath(pathname: string): string {
  if (pathname.startsWith('/api/v1/')) return pathname.slice('/api/v1'.length);
  if (pathname.startsWith('/v1/')) return pathname.slice('/v1'.length);
  return pathname;
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes the head and the frames of a response and then nothing: the provider stalls mid-answer. */
function writeStalled(res: ServerResponse, wire: WireResponse): void {
  res.writeHead(wire.status, wire.headers);
  res.flushHeaders();
  for (const frame of wire.frames) res.write(frame);
}

/** Waits `ms`, or less if the connection closes first (client abort or server close). */
function pause(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
