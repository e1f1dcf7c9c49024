import type { Server } from 'node:http';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBookmarksServer, listen, stop } from '../src/server.js';

// One test per user story of the PRD, through the HTTP API only, each on a fresh server.
let server: Server;
let base = '';

beforeEach(async () => {
  server = createBookmarksServer();
  base = await listen(server);
});

afterEach(() => stop(server));

const json = { 'content-type': 'application/json' };
const save = (bookmark: unknown) => fetch(`${base}/bookmarks`, { method: 'POST', headers: json, body: JSON.stringify(bookmark) });

it('story: save a bookmark with a url, a title and tags', async () => {
  const response = await save({ url: 'https://vitest.dev/guide/', title: 'Vitest guide', tags: ['testing'] });
  expect(response.status).toBe(201);
  const saved = (await response.json()) as { id: number; url: string; title: string; tags: string[]; createdAt: string };
  expect(saved).toMatchObject({ id: 1, url: 'https://vitest.dev/guide/', title: 'Vitest guide', tags: ['testing'] });
  expect(Number.isNaN(Date.parse(saved.createdAt))).toBe(false);
  expect(response.headers.get('location')).toBe(`/bookmarks/${saved.id}`);
});

it('story: list bookmarks, optionally by tag', async () => {
  await save({ url: 'https://a.example', title: 'A', tags: ['news', 'daily'] });
  await save({ url: 'https://b.example', title: 'B', tags: ['docs'] });
  await save({ url: 'https://c.example', title: 'C', tags: ['news'] });
  const all = (await (await fetch(`${base}/bookmarks`)).json()) as { title: string }[];
  expect(all.map((bookmark) => bookmark.title)).toEqual(['A', 'B', 'C']);
  const news = (await (await fetch(`${base}/bookmarks?tag=news`)).json()) as { title: string }[];
  expect(news.map((bookmark) => bookmark.title)).toEqual(['A', 'C']);
});

it('story: delete a bookmark by its id', async () => {
  await save({ url: 'https://a.example', title: 'A' });
  await save({ url: 'https://b.example', title: 'B' });
  expect((await fetch(`${base}/bookmarks/1`, { method: 'DELETE' })).status).toBe(204);
  const left = (await (await fetch(`${base}/bookmarks`)).json()) as { id: number }[];
  expect(left.map((bookmark) => bookmark.id)).toEqual([2]);
  expect((await fetch(`${base}/bookmarks/1`, { method: 'DELETE' })).status).toBe(404);
});

it('story: invalid input is refused with 400 and what is wrong', async () => {
  const response = await save({ url: 'not a url', tags: [''] });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string; details: string[] };
  expect(body.error).toBe('the bookmark is not valid');
  expect(body.details).toEqual(['url "not a url" is not a valid address', 'title is required and may not be blank', 'every tag must be a non-empty string']);
  const notJson = await fetch(`${base}/bookmarks`, { method: 'POST', headers: json, body: 'url=https://a.example' });
  expect(notJson.status).toBe(400);
  expect((await (await fetch(`${base}/bookmarks`)).json()) as unknown[]).toEqual([]);
});

it('story: a health endpoint tells that the service is up', async () => {
  const response = await fetch(`${base}/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(await response.json()).toEqual({ status: 'ok' });
});
