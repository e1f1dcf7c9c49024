import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBookmarkStore } from '../src/bookmarks.js';
import { createBookmarksServer, listen, MAX_BODY_BYTES, parseId, stop } from '../src/server.js';

let server: Server;
let base = '';

beforeEach(async () => {
  server = createBookmarksServer(createBookmarkStore(() => new Date('2025-03-01T10:00:00.000Z')));
  base = await listen(server);
});

afterEach(() => stop(server));

function post(body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${base}/bookmarks`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('the bookmarks API', () => {
  it('answers GET /health with 200 {"status":"ok"}', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('creates a bookmark with POST /bookmarks: 201, its location and the stored bookmark', async () => {
    const response = await post({ url: 'https://nodejs.org', title: 'Node.js', tags: ['Runtime'] });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/bookmarks/1');
    expect(await response.json()).toEqual({ id: 1, url: 'https://nodejs.org/', title: 'Node.js', tags: ['runtime'], createdAt: '2025-03-01T10:00:00.000Z' });
    expect(await (await fetch(`${base}/bookmarks/1`)).json()).toMatchObject({ id: 1, title: 'Node.js' });
  });

  it('lists bookmarks with GET /bookmarks, filtered by ?tag=', async () => {
    await post({ url: 'https://a.example', title: 'A', tags: ['news'] });
    await post({ url: 'https://b.example', title: 'B' });
    expect((await (await fetch(`${base}/bookmarks`)).json()) as unknown[]).toHaveLength(2);
    const tagged = (await (await fetch(`${base}/bookmarks?tag=news`)).json()) as { title: string }[];
    expect(tagged.map((bookmark) => bookmark.title)).toEqual(['A']);
  });

  it('deletes a bookmark with DELETE /bookmarks/:id: 204, then 404', async () => {
    await post({ url: 'https://a.example', title: 'A' });
    const deleted = await fetch(`${base}/bookmarks/1`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await fetch(`${base}/bookmarks/1`)).status).toBe(404);
    const again = await fetch(`${base}/bookmarks/1`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: 'no bookmark with id 1' });
  });

  it('refuses invalid bookmarks with 400 and the list of problems', async () => {
    const response = await post({ url: 'javascript:alert(1)', title: '' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'the bookmark is not valid', details: ['url must use http or https, not javascript', 'title is required and may not be blank'] });
  });

  it('refuses a body that is not JSON (400), not declared as JSON (415) or too large (413), and a duplicate url (409)', async () => {
    expect((await post('{ "url": ')).status).toBe(400);
    expect((await post({ url: 'https://a.example', title: 'A' }, 'text/plain')).status).toBe(415);
    expect((await post({ url: 'https://a.example', title: 'x'.repeat(MAX_BODY_BYTES) })).status).toBe(413);
    expect((await post({ url: 'https://a.example', title: 'A' })).status).toBe(201);
    const duplicate = await post({ url: 'https://a.example/', title: 'again' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toEqual({ error: 'https://a.example/ is already saved as bookmark 1' });
  });

  it('answers 400 for an id that is not a number, 405 with Allow for a wrong method and 404 elsewhere', async () => {
    const badId = await fetch(`${base}/bookmarks/abc`);
    expect(badId.status).toBe(400);
    expect(await badId.json()).toEqual({ error: '"abc" is not a bookmark id: ids are whole numbers from 1' });
    const wrongMethod = await fetch(`${base}/bookmarks`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(`${base}/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });
});

describe('parseId', () => {
  it('reads whole numbers from 1 and nothing else', () => {
    expect(parseId('7')).toBe(7);
    for (const text of ['0', '-1', '1.5', '01', 'abc', '']) expect(parseId(text), text).toBeUndefined();
  });
});
