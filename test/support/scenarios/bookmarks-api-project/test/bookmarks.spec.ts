import { describe, expect, it } from 'vitest';
import { createBookmarkStore, DuplicateBookmarkError, MAX_TAGS, MAX_TITLE_LENGTH, validateBookmarkInput } from '../src/bookmarks.js';

const clock = () => new Date('2025-03-01T10:00:00.000Z');

describe('validateBookmarkInput', () => {
  it('accepts a url and a title, trims them and normalises the tags', () => {
    const result = validateBookmarkInput({ url: ' https://nodejs.org/api ', title: '  Node.js docs ', tags: ['Docs', 'node', 'docs '] });
    expect(result).toEqual({ ok: true, value: { url: 'https://nodejs.org/api', title: 'Node.js docs', tags: ['docs', 'node'] } });
    expect(validateBookmarkInput({ url: 'http://example.com', title: 'Example' })).toEqual({ ok: true, value: { url: 'http://example.com/', title: 'Example', tags: [] } });
  });

  it('lists every problem at once', () => {
    const result = validateBookmarkInput({ url: 'ftp://files.example.com', title: ' ', tags: ['ok', ''], color: 'red' });
    expect(result).toEqual({
      ok: false,
      errors: ['unknown field "color"', 'url must use http or https, not ftp', 'title is required and may not be blank', 'every tag must be a non-empty string'],
    });
  });

  it('refuses a missing or malformed url, a long title, too many tags and a body that is not an object', () => {
    expect(validateBookmarkInput({ title: 'x' })).toEqual({ ok: false, errors: ['url is required: an http or https address'] });
    expect(validateBookmarkInput({ url: 'not a url', title: 'x' })).toEqual({ ok: false, errors: ['url "not a url" is not a valid address'] });
    expect(validateBookmarkInput({ url: 'https://a.example', title: 'x'.repeat(MAX_TITLE_LENGTH + 1) })).toEqual({ ok: false, errors: [`title is longer than ${MAX_TITLE_LENGTH} characters`] });
    const tags = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`);
    expect(validateBookmarkInput({ url: 'https://a.example', title: 'x', tags })).toEqual({ ok: false, errors: [`at most ${MAX_TAGS} tags are allowed`] });
    expect(validateBookmarkInput({ url: 'https://a.example', title: 'x', tags: 'news' })).toEqual({ ok: false, errors: ['tags must be a list of words'] });
    expect(validateBookmarkInput([1, 2])).toEqual({ ok: false, errors: ['the body must be a JSON object with url, title and optional tags'] });
  });
});

describe('createBookmarkStore', () => {
  it('adds bookmarks with ids from 1 and the creation time, and lists them in the order added', () => {
    const store = createBookmarkStore(clock);
    const first = store.add({ url: 'https://a.example/', title: 'A', tags: ['x'] });
    const second = store.add({ url: 'https://b.example/', title: 'B', tags: [] });
    expect(first).toEqual({ id: 1, url: 'https://a.example/', title: 'A', tags: ['x'], createdAt: '2025-03-01T10:00:00.000Z' });
    expect(second.id).toBe(2);
    expect(store.list().map((bookmark) => bookmark.id)).toEqual([1, 2]);
    expect(store.get(2)?.title).toBe('B');
    expect(store.get(3)).toBeUndefined();
  });

  it('filters by tag, ignoring case', () => {
    const store = createBookmarkStore(clock);
    store.add({ url: 'https://a.example/', title: 'A', tags: ['news'] });
    store.add({ url: 'https://b.example/', title: 'B', tags: ['docs'] });
    expect(store.list({ tag: 'NEWS' }).map((bookmark) => bookmark.title)).toEqual(['A']);
    expect(store.list({ tag: 'none' })).toEqual([]);
  });

  it('refuses a url saved twice, naming the bookmark that has it', () => {
    const store = createBookmarkStore(clock);
    store.add({ url: 'https://a.example/', title: 'A', tags: [] });
    expect(() => store.add({ url: 'https://a.example/', title: 'again', tags: [] })).toThrow(DuplicateBookmarkError);
    expect(() => store.add({ url: 'https://a.example/', title: 'again', tags: [] })).toThrow('https://a.example/ is already saved as bookmark 1');
  });

  it('removes a bookmark and never reuses its id', () => {
    const store = createBookmarkStore(clock);
    store.add({ url: 'https://a.example/', title: 'A', tags: [] });
    expect(store.remove(1)).toBe(true);
    expect(store.remove(1)).toBe(false);
    expect(store.add({ url: 'https://b.example/', title: 'B', tags: [] }).id).toBe(2);
    expect(store.list()).toHaveLength(1);
  });

  it('hands out copies, so a caller cannot change what is stored', () => {
    const store = createBookmarkStore(clock);
    store.add({ url: 'https://a.example/', title: 'A', tags: ['x'] });
    store.list()[0]?.tags.push('changed');
    expect(store.get(1)?.tags).toEqual(['x']);
  });
});
