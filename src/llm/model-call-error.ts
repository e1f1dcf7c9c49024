import { APICallError, JSONParseError, RetryError, TypeValidationError } from 'ai';
import { redactSecrets } from '../observe/redact.js';

export interface CallSite {
  label: string;
  /** `provider:model`, as `describe()` shows it. */
  model: string;
  runId: string;
}

/** Why a call failed when there is no HTTP error status to say it. */
export type CallFailureKind = 'http' | 'timeout' | 'unreachable' | 'malformed' | 'broken-stream';

/** What to do next: the part of the message a user acts on. */
function adviceFor(kind: CallFailureKind, statusCode: number | undefined, runId: string): string {
  const resume = `then continue with \`atelier resume ${runId}\` (answers already received are not paid for again)`;
  if (kind === 'timeout') return `The model did not finish in time. Try again, or raise the timeout for slow local models; ${resume}.`;
  if (kind === 'unreachable') {
    return `Could not reach the endpoint. Check that the server is running (for Ollama: \`ollama serve\`), the base URL and your network; ${resume}.`;
  }
  if (kind === 'malformed') {
    return 'The endpoint answered in a format that is not an OpenAI-compatible (or Anthropic) API response. Check that the base URL is the API root, usually ending in /v1.';
  }
  if (kind === 'broken-stream' || statusCode === undefined) return `The connection broke while the answer was streaming. Try again, ${resume}.`;
  if (statusCode === 401) {
    return 'The API key was refused. Check that the key you set (ANTHROPIC_API_KEY, OPENROUTER_API_KEY or OPENAI_API_KEY) is current and belongs to this provider.';
  }
  if (statusCode === 402) return `The account is out of credit. Add credit with the provider, ${resume}.`;
  if (statusCode === 403) return "The key is not allowed to use this model. Check the key's permissions, or pick another model with --model.";
  if (statusCode === 404) {
    return 'The model or endpoint was not found. Check the --model id and, for a local server, that the model is pulled and the base URL ends in /v1.';
  }
  if (statusCode === 408) return `The provider timed out. Try again, ${resume}.`;
  if (statusCode === 429) return `Rate limit or quota reached. Wait a minute or lower the concurrency, ${resume}.`;
  if (statusCode >= 500) return `The provider had a server error. Try again later, ${resume}.`;
  return 'The provider rejected the request; its message above says why (a context-length error means the inputs are too large for this model: pick one with a longer context).';
}

/** Classifies what the SDK threw: HTTP errors carry a status; the rest are told apart by type. */
function classify(cause: unknown): { kind: CallFailureKind; statusCode?: number } {
  if (APICallError.isInstance(cause)) {
    // A 2xx "error" is a response body that broke off or could not be read while streaming.
    if (cause.statusCode !== undefined && cause.statusCode >= 400) return { kind: 'http', statusCode: cause.statusCode };
    return { kind: cause.statusCode === undefined ? 'unreachable' : 'broken-stream' };
  }
  if (JSONParseError.isInstance(cause) || TypeValidationError.isInstance(cause)) return { kind: 'malformed' };
  return { kind: 'broken-stream' };
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

/** A model call failed after the retries the policy allows. */
export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  readonly label: string;
  readonly model: string;
  /** The HTTP status of an error response; undefined when the failure was not an HTTP error. */
  readonly statusCode: number | undefined;
  readonly kind: CallFailureKind;
  /**
   * The failure happened where the SDK does not retry (mid-stream, or a timeout), so a fresh
   * call may succeed; a failed request was already retried by the SDK as far as the policy allows.
   */
  readonly transient: boolean;

  constructor(options: CallSite & { detail: string; kind: CallFailureKind; statusCode?: number; transient?: boolean; cause?: unknown }) {
    const status = options.statusCode !== undefined ? ` (HTTP ${options.statusCode})` : '';
    super(`${options.label}: the call to ${options.model} failed${status}: ${redactSecrets(options.detail)}. ${adviceFor(options.kind, options.statusCode, options.runId)}`, {
      cause: options.cause,
    });
    this.label = options.label;
    this.model = options.model;
    this.statusCode = options.statusCode;
    this.kind = options.kind;
    this.transient = options.transient ?? options.kind !== 'http';
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
    return new ModelCallError({
      ...site,
      detail: `${messageOf(cause).replace(/\.$/, '')}${attempts}`,
      kind,
      ...(statusCode !== undefined ? { statusCode } : {}),
      // The SDK retries failed requests itself (unreachable included); only stream failures are ours to retry.
      transient: kind === 'broken-stream' || kind === 'malformed',
      cause: error,
    });
  }

  static isInstance(error: unknown): error is ModelCallError {
    return error instanceof Error && error.name === 'ModelCallError';
  }
}
