import { ModelConfigError } from './model-config.js';

/** What a connection failure means, in words, from the error codes Node's fetch reports. */
function reasonOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED') return 'the connection was refused (nothing listens there)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was closed before any answer';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the host cannot be reached from this machine';
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('SSL') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return `its TLS certificate is not accepted (${code})`;
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'it did not answer within 5 s';
  if (error instanceof TypeError) return typeof cause?.message === 'string' ? cause.message : error.message;
  return undefined;
}

/**
 * Asks the endpoint for its model list once before a run writes anything: any HTTP answer (even
 * 401 or 404) means a server is there; no answer at all (refused, unknown host, bad TLS, silence)
 * stops the run with one message naming the URL and what to check.
 */
export async function checkEndpointAnswers(baseUrl: string, source: string, fetchImpl: typeof fetch = fetch, timeoutMs = 5000): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    const response = await fetchImpl(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const reason = reasonOf(error);
    if (reason === undefined) throw error;
    throw new ModelConfigError(
      `cannot reach the model endpoint ${baseUrl} (${source}): ${reason}. Check that the server is running (for Ollama: \`ollama serve\`), the URL and the port; nothing was created.`,
    );
  }
}
