/** Which wire format a request arrived in; replies are encoded back in the same one. */
export type FakeApi = 'openai' | 'anthropic';

/** One request the fake server received, parsed into the fields tests route and assert on. */
export interface FakeChatRequest {
  api: FakeApi;
  model: string;
  /** System prompt(s) joined with a blank line; '' when none was sent. */
  system: string;
  /** Non-system messages with their text parts joined (tool results included as text). */
  messages: { role: string; content: string }[];
  stream: boolean;
  /** OpenAI `response_format`, or Anthropic `output_config.format`. */
  responseFormat?: unknown;
  tools?: unknown;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
  /** sha256 of the canonical JSON body */
  bodyHash: string;
  /** 0-based arrival order on this server. */
  index: number;
}

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (Anthropic reports them apart; part of inputTokens). */
  cacheWriteTokens?: number;
}

export interface FakeToolCall {
  id?: string;
  name: string;
  /** The arguments as the model would send them: a JSON string (need not be valid for OpenAI). */
  arguments: string;
}

export type FakeReply =
  | {
      kind: 'text';
      content: string;
      /** Estimated as ceil(chars / 4) when omitted. */
      usage?: FakeUsage;
      /** OpenAI spelling (`stop`, `length`, `tool_calls`, `content_filter`); mapped for Anthropic. */
      finishReason?: string;
      /** Wait this long before the first byte (the request stays in flight). */
      delayMs?: number;
      /** OpenRouter-style `usage.cost` in USD, sent on the OpenAI wire only. */
      cost?: number;
      /** The model the response names, as when a gateway hands the request to another model; default the one asked. */
      answeredBy?: string;
    }
  | { kind: 'tool_calls'; calls: FakeToolCall[] }
  /** Default body per status from the wire fixtures when `body` is omitted. */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accepts the request and never answers (until the client aborts or the server closes). */
  | { kind: 'hang' }
  /** Sends the headers and the first half of `content` (as stream chunks when streaming), then nothing more, the connection open. */
  | { kind: 'stall'; content: string }
  /**
   * Sends part of `content`, then destroys the socket without the final chunk / [DONE]. With
   * `afterUsage` (streams only) it sends all of it and its usage first, and drops only the stream's
   * end ([DONE], Anthropic's message_stop): the provider has billed the tokens, the client sees a break.
   */
  | { kind: 'truncate'; content: string; afterUsage?: boolean; usage?: FakeUsage }
  /** 200 with a body that is not valid JSON (or an SSE event whose data is not JSON). */
  | { kind: 'malformed' };

export type FakeResponder = (req: FakeChatRequest) => FakeReply | Promise<FakeReply>;
