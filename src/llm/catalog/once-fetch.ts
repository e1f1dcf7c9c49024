import type { FetchLike } from './fetch-json.js';

interface Stored {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/** Statuses whose response may not carry a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

async function store(fetchImpl: FetchLike, url: string, init: RequestInit | undefined): Promise<Stored> {
  const response = await fetchImpl(url, init);
  return { status: response.status, statusText: response.statusText, headers: [...response.headers.entries()], body: await response.text() };
}

/**
 * A fetch that sends each GET (per URL and key) once and answers repeats from memory: the
 * endpoint check before a run and the catalog that lists the endpoint's models read one
 * response, and a failure is the same failure for both. Other methods pass through.
 */
export function onceFetch(fetchImpl: FetchLike = fetch): FetchLike {
  const sent = new Map<string, Promise<Stored>>();
  return async (url, init) => {
    if ((init?.method ?? 'GET').toUpperCase() !== 'GET') return fetchImpl(url, init);
    const key = `${url}\n${new Headers(init?.headers).get('authorization') ?? ''}`;
    let stored = sent.get(key);
    if (stored === undefined) {
      stored = store(fetchImpl, url, init);
      sent.set(key, stored);
    }
    const { status, statusText, headers, body } = await stored;
    return new Response(NO_BODY.has(status) ? null : body, { status, statusText, headers });
  };
}
