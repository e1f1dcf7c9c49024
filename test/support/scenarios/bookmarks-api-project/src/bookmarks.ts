export interface Bookmark {
  id: number;
  url: string;
  title: string;
  tags: string[];
  createdAt: string;
}

/** What a client sends to create a bookmark, once validated: tags trimmed, lower-cased, each once. */
export interface BookmarkInput {
  url: string;
  title: string;
  tags: string[];
}

export type Validation = { ok: true; value: BookmarkInput } | { ok: false; errors: string[] };

export const MAX_TITLE_LENGTH = 200;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 30;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUrl(value: unknown, errors: string[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push('url is required: an http or https address');
    return '';
  }
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    errors.push(`url "${value}" is not a valid address`);
    return '';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') errors.push(`url must use http or https, not ${parsed.protocol.replace(/:$/, '')}`);
  return parsed.href;
}

function checkTitle(value: unknown, errors: string[]): string {
  const title = typeof value === 'string' ? value.trim() : '';
  if (title === '') errors.push('title is required and may not be blank');
  else if (title.length > MAX_TITLE_LENGTH) errors.push(`title is longer than ${MAX_TITLE_LENGTH} characters`);
  return title;
}

function checkTags(value: unknown, errors: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push('tags must be a list of words');
    return [];
  }
  const tags: string[] = [];
  for (const tag of value) {
    const word = typeof tag === 'string' ? tag.trim().toLowerCase() : '';
    if (word === '') errors.push('every tag must be a non-empty string');
    else if (word.length > MAX_TAG_LENGTH) errors.push(`tag "${word}" is longer than ${MAX_TAG_LENGTH} characters`);
    else if (!tags.includes(word)) tags.push(word);
  }
  if (tags.length > MAX_TAGS) errors.push(`at most ${MAX_TAGS} tags are allowed`);
  return tags;
}

/** Checks a request body and lists every problem at once, so a client can fix them in one go. */
export function validateBookmarkInput(body: unknown): Validation {
  if (!isRecord(body)) return { ok: false, errors: ['the body must be a JSON object with url, title and optional tags'] };
  const errors: string[] = [];
  const known = new Set(['url', 'title', 'tags']);
  for (const key of Object.keys(body)) if (!known.has(key)) errors.push(`unknown field "${key}"`);
  const url = checkUrl(body.url, errors);
  const title = checkTitle(body.title, errors);
  const tags = checkTags(body.tags, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { url, title, tags } };
}

export class DuplicateBookmarkError extends Error {
  override readonly name = 'DuplicateBookmarkError';

  constructor(readonly url: string, readonly existingId: number) {
    super(`${url} is already saved as bookmark ${existingId}`);
  }
}

export interface BookmarkStore {
  list(filter?: { tag?: string }): Bookmark[];
  get(id: number): Bookmark | undefined;
  /** Throws DuplicateBookmarkError when the url is already saved. */
  add(input: BookmarkInput): Bookmark;
  /** False when there is no bookmark with that id. */
  remove(id: number): boolean;
}

/** Bookmarks in memory, in the order they were added; ids count up from 1 and are never reused. */
export function createBookmarkStore(now: () => Date = () => new Date()): BookmarkStore {
  const bookmarks: Bookmark[] = [];
  let nextId = 1;
  return {
    list: (filter = {}) => {
      const tag = filter.tag?.trim().toLowerCase();
      return bookmarks.filter((bookmark) => !tag || bookmark.tags.includes(tag)).map((bookmark) => ({ ...bookmark, tags: [...bookmark.tags] }));
    },
    get: (id) => {
      const found = bookmarks.find((bookmark) => bookmark.id === id);
      return found ? { ...found, tags: [...found.tags] } : undefined;
    },
    add: (input) => {
      const existing = bookmarks.find((bookmark) => bookmark.url === input.url);
      if (existing) throw new DuplicateBookmarkError(input.url, existing.id);
      const bookmark: Bookmark = { id: nextId++, url: input.url, title: input.title, tags: [...input.tags], createdAt: now().toISOString() };
      bookmarks.push(bookmark);
      return { ...bookmark, tags: [...bookmark.tags] };
    },
    remove: (id) => {
      const index = bookmarks.findIndex((bookmark) => bookmark.id === id);
      if (index === -1) return false;
      bookmarks.splice(index, 1);
      return true;
    },
  };
}
