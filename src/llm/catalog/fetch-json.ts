import { redactSecrets } from '../../observe/redact.js';
import { AtelierError } from '../../errors/atelier-error.js';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** A catalog endpoint could not be read; says which URL and why. */
export class CatalogFetchError extends AtelierError {
  override readonly name = 'CatalogFetchError';
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(redactSecrets(`could not read the model list at ${url}: ${reason}`));
  }
}

/** GET a JSON document with a deadline; any failure becomes a `CatalogFetchError` naming the URL. */
export async function fetchJson(url: string, options: { headers?: Record<string, string>; timeoutMs: number; fetch?: FetchLike }): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { headers: { accept: 'application/json', ...options.headers }, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (error as Error).message;
    throw new CatalogFetchError(url, reason);
  }
  const text = await response.text();
  if (!response.ok) throw new CatalogFetchError(url, `HTTP ${response.status} ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CatalogFetchError(url, 'the answer is not JSON');
  }
}
