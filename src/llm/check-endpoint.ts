import { formatTimeout } from './call-timeouts.js';
import type { FetchLike } from './catalog/fetch-json.js';
import { ModelConfigError } from './model-config.js';

/** What a connection failure means, in words, from the error codes Node's fetch reports. */
function reasonOf(error: unknown, timeoutMs: number): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED') return 'the connection was refused (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was closed before any answer';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host cannot be reached from this machine';
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('SSL') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return `its TLS certificate is not accepted (${code})`;
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `it did not answer within ${formatTimeout(timeoutMs)}`;
  if (error instanceof TypeError) return typeof cause?.message === 'string' ? cause.message : error.message;
  return undefined;
}

export interface EndpointCheckOptions {
  /** A session's fetch that keeps the answer, so the model list that follows reads it instead of asking again. */
  fetch?: FetchLike;
  /** Sent as the model list would be sent, so a gateway answers the check as it answers the list. */
  apiKey?: string;
  timeoutMs?: number;
}

/**
 * Asks the endpoint for its model list once before a run writes anything: any HTTP answer (even
 * 401 or 404) means a server is there; no answer at all (refused, unknown host, bad TLS, silence)
 * stops the run with one message naming the URL and what to check.
 */
export async function checkEndpointAnswers(baseUrl: string, source: string, options: EndpointCheckOptions = {}): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  const timeoutMs = options.timeoutMs ?? 5000;
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  try {
    const response = await (options.fetch ?? fetch)(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const reason = reasonOf(error, timeoutMs);
    if (reason === undefined) throw error;
    throw new ModelConfigError(
      `cannot reach the model endpoint ${baseUrl} (${source}): ${reason}. Check that the server is running (for Ollama: \`ollama serve\`), the URL and the port; nothing was created.`,
    );
  }
}

/**
 * A bare endpoint (no --model) whose model list is empty or unreadable: there is nothing to
 * choose from, so nothing is run.
 */
export function endpointListsNoModels(source: string, baseUrl: string, reason: string | undefined): ModelConfigError {
  const why = reason ?? "its GET /models (and Ollama's /api/tags) list none";
  return new ModelConfigError(
    `${source} is set to ${baseUrl}, but there is no model to choose from: ${why}. Load or pull a model on the server (for Ollama: \`ollama pull llama3.2\`), or name one with --model (or models.default in atelier.config.yml); nothing was created.`,
  );
}
