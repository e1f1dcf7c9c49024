import { APICallError, JSONParseError, RetryError, TypeValidationError } from 'ai';
import { redactSecrets } from '../observe/redact.js';
import { AtelierError } from '../errors/atelier-error.js';

export interface CallSite {
  label: string;
  /** `provider:model`, as `describe()` shows it. */
  model: string;
  runId: string;
}

/** Why a call failed: an HTTP error status, or what went wrong without one. */
export type CallFailureKind = 'http' | 'quota' | 'context-length' | 'timeout' | 'unreachable' | 'malformed' | 'broken-stream' | 'format-refused';

/**
 * What happens next: `transient` failures are retried with backoff and then handed to the
 * backup model; `context` failures go to a model with a larger context; `permanent` ones stop
 * the run at once (the same request cannot succeed until the user fixes something).
 */
export type FailureClass = 'transient' | 'permanent' | 'context';

const RESUME = (runId: string) => `then continue with \`atelier resume ${runId}\` (answers already received are not paid for again)`;

/** What to do next: the part of the message a user acts on. */
function adviceFor(kind: CallFailureKind, statusCode: number | undefined, runId: string): string {
  const resume = RESUME(runId);
  if (kind === 'timeout') return `The model did not answer in time. Try again; for slow local models raise \`timeouts\` (first_byte_s, idle_s, call_s) in atelier.config.yml, ${resume}.`;
  if (kind === 'format-refused') return 'Asking again at once without it.';
  if (kind === 'unreachable') {
    return `Could not reach the endpoint. Check that the server is running (for Ollama: \`ollama serve\`), the base URL and your network; ${resume}.`;
  }
  if (kind === 'malformed') {
    return 'The endpoint answered in a format that is not an OpenAI-compatible (or Anthropic) API response. Check that the base URL is the API root, usually ending in /v1.';
  }
  if (kind === 'quota') return `The account's quota is used up. Add credit or raise the plan's limit with the provider (or pick another provider), ${resume}.`;
  if (kind === 'context-length') {
    return 'The inputs are too large for this model\'s context window: pick a model with a longer context (see `atelier models list`), or split the work into smaller stages.';
  }
  if (kind === 'broken-stream' || statusCode === undefined) return `The connection broke while the answer was streaming. Try again, ${resume}.`;
  if (statusCode === 401) {
    return 'The API key was refused. Check that the key you set (ANTHROPIC_API_KEY, OPENROUTER_API_KEY, OPENAI_API_KEY or the provider\'s api_key_env) is current and belongs to this provider.';
  }
  if (statusCode === 402) return `The account is out of credit. Add credit with the provider, ${resume}.`;
  if (statusCode === 403) return "The key is not allowed to use this model. Check the key's permissions, or pick another model with --model.";
  if (statusCode === 404) {
    return 'The model or endpoint was not found. Check the --model id (`atelier models list`) and, for a local server, that the model is pulled and the base URL ends in /v1.';
  }
  if (statusCode === 408) return `The provider timed out. Try again, ${resume}.`;
  if (statusCode === 429) return `Rate limit reached. Wait a minute, lower --concurrency or set a rate_limit for the provider in atelier.config.yml, ${resume}.`;
  if (statusCode >= 500) return `The provider had a server error. Try again later, ${resume}.`;
  return 'The provider rejected the request; its message above says why (a context-length error means the inputs are too large for this model: pick one with a longer context).';
}

const QUOTA = /insufficient_quota|quota|billing|out of credits?|credit balance/i;
/** A quota counted per time window ("60 requests per minute") refills by itself: that 429 is worth waiting for. */
const PER_WINDOW = /per[ -](minute|second|hour|min|sec)|\/min\b|\brpm\b|\btpm\b|requests per|tokens per|try again in|retry after/i;
const CONTEXT = /context_length_exceeded|context length|context window|maximum context|too many tokens|prompt is too long|request_too_large|too large for the model/i;

/** Classifies what the SDK threw: HTTP errors carry a status and a body; the rest are told apart by type. */
function classify(cause: unknown): { kind: CallFailureKind; statusCode?: number } {
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    // A 2xx "error" is a response body that broke off or could not be read while streaming.
    if (status === undefined) return { kind: 'unreachable' };
    if (status < 400) return { kind: 'broken-stream', statusCode: status };
    const said = `${cause.message} ${cause.responseBody ?? ''}`;
    if (status === 429 && QUOTA.test(said) && !PER_WINDOW.test(said)) return { kind: 'quota', statusCode: status };
    if ((status === 400 || status === 413) && CONTEXT.test(said)) return { kind: 'context-length', statusCode: status };
    return { kind: 'http', statusCode: status };
  }
  if (JSONParseError.isInstance(cause) || TypeValidationError.isInstance(cause)) return { kind: 'malformed' };
  return { kind: 'broken-stream' };
}

/** 408, 409, 429, 5xx (Anthropic's 529 included) may succeed when asked again; the rest of 4xx will not. */
export function failureClass(kind: CallFailureKind, statusCode: number | undefined): FailureClass {
  if (kind === 'context-length') return 'context';
  // A refused JSON schema is asked again without it (see response-format-fallback.ts).
  if (kind === 'format-refused') return 'transient';
  if (kind === 'quota') return 'permanent';
  if (kind !== 'http' || statusCode === undefined) return 'transient';
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500 ? 'transient' : 'permanent';
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string> | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const ms = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const after = lower['retry-after'];
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  return JSON.stringify(error) ?? String(error);
}

/** The error the SDK gave up on: the last attempt's when it retried. */
function rootCause(error: unknown): unknown {
  return RetryError.isInstance(error) ? error.lastError : error;
}

/** A model call failed; says what to do about it. */
export class ModelCallError extends AtelierError {
  override readonly name = 'ModelCallError';
  readonly label: string;
  readonly model: string;
  /** The HTTP status of an error response; undefined when the failure was not an HTTP error. */
  readonly statusCode: number | undefined;
  readonly kind: CallFailureKind;
  readonly failure: FailureClass;
  /** How long the provider asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  /** The error response's headers (x-ratelimit-* teach the rate limiter). */
  readonly responseHeaders: Record<string, string> | undefined;

  constructor(
    options: CallSite & { detail: string; kind: CallFailureKind; statusCode?: number; retryAfterMs?: number; responseHeaders?: Record<string, string>; cause?: unknown },
  ) {
    const status = options.statusCode !== undefined ? ` (HTTP ${options.statusCode})` : '';
    super(`${options.label}: the call to ${options.model} failed${status}: ${redactSecrets(options.detail)}. ${adviceFor(options.kind, options.statusCode, options.runId)}`, {
      cause: options.cause,
    });
    this.label = options.label;
    this.model = options.model;
    this.statusCode = options.statusCode;
    this.kind = options.kind;
    this.failure = failureClass(options.kind, options.statusCode);
    this.retryAfterMs = options.retryAfterMs;
    this.responseHeaders = options.responseHeaders;
  }

  /** Asking again (after a wait) may succeed. */
  get transient(): boolean {
    return this.failure === 'transient';
  }

  get timedOut(): boolean {
    return this.kind === 'timeout';
  }

  /** Wraps what the AI SDK threw (or put in the stream) for the call at `site`. */
  static fromError(error: unknown, site: CallSite): ModelCallError {
    if (ModelCallError.isInstance(error)) return error;
    const cause = rootCause(error);
    const { kind, statusCode } = classify(cause);
    const attempts = RetryError.isInstance(error) ? ` after ${error.errors.length} attempts` : '';
    const headers = APICallError.isInstance(cause) ? cause.responseHeaders : undefined;
    const wait = retryAfterMs(headers);
    return new ModelCallError({
      ...site,
      detail: `${messageOf(cause).replace(/\.$/, '')}${attempts}`,
      kind,
      ...(statusCode !== undefined ? { statusCode } : {}),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      ...(headers !== undefined ? { responseHeaders: headers } : {}),
      cause: error,
    });
  }
}
