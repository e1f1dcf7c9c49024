import { describe, expect, it } from 'vitest';
import { onceFetch } from './once-fetch.js';

describe('onceFetch', () => {
  it('sends each GET once per URL and key, and answers repeats with the same body', async () => {
    const sent: string[] = [];
    const base = async (url: string, init?: RequestInit) => {
      sent.push(`${url} ${new Headers(init?.headers).get('authorization') ?? '-'}`);
      return Response.json({ data: [{ id: 'm' }] }, { status: url.includes('missing') ? 404 : 200 });
    };
    const fetchOnce = onceFetch(base);
    const first = await fetchOnce('http://e/v1/models');
    const again = await fetchOnce('http://e/v1/models', { headers: { accept: 'application/json' } });
    expect(await first.json()).toEqual({ data: [{ id: 'm' }] });
    expect(await again.json()).toEqual({ data: [{ id: 'm' }] });
    await fetchOnce('http://e/v1/models', { headers: { authorization: 'Bearer k' } });
    expect((await fetchOnce('http://e/v1/missing')).status).toBe(404);
    await fetchOnce('http://e/v1/missing');
    await fetchOnce('http://e/v1/chat', { method: 'POST' });
    await fetchOnce('http://e/v1/chat', { method: 'POST' });
    expect(sent).toEqual(['http://e/v1/models -', 'http://e/v1/models Bearer k', 'http://e/v1/missing -', 'http://e/v1/chat -', 'http://e/v1/chat -']);
  });

  it('gives every caller the same failure when the server does not answer', async () => {
    let calls = 0;
    const fetchOnce = onceFetch(async () => {
      calls++;
      throw new TypeError('fetch failed');
    });
    await expect(fetchOnce('http://down/v1/models')).rejects.toThrow('fetch failed');
    await expect(fetchOnce('http://down/v1/models')).rejects.toThrow('fetch failed');
    expect(calls).toBe(1);
  });
});
