import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBookmarkStore, DuplicateBookmarkError, validateBookmarkInput, type BookmarkStore } from './bookmarks.js';

/** Larger request bodies are refused with 413 before they are read to the end. */
export const MAX_BODY_BYTES = 64 * 1024;

interface ErrorBody {
  error: string;
  details?: string[];
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: string, details?: string[]): void {
  const body: ErrorBody = details ? { error, details } : { error };
  sendJson(res, status, body);
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return { ok: false, status: 415, error: 'send the bookmark as JSON, with content-type: application/json' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, error: `the body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'the body is not valid JSON' };
  }
}

/** A bookmark id from the path: a whole number from 1 up, or undefined. */
export function parseId(text: string): number | undefined {
  return /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : undefined;
}

function methodNotAllowed(res: ServerResponse, allowed: string): void {
  res.setHeader('allow', allowed);
  sendError(res, 405, `use ${allowed.split(', ').join(' or ')} here`);
}

async function route(store: BookmarkStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';

  if (url.pathname === '/health') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    return sendJson(res, 200, { status: 'ok' });
  }

  if (url.pathname === '/bookmarks') {
    if (method === 'GET') return sendJson(res, 200, store.list({ tag: url.searchParams.get('tag') ?? undefined }));
    if (method !== 'POST') return methodNotAllowed(res, 'GET, POST');
    const body = await readJsonBody(req);
    if (!body.ok) return sendError(res, body.status, body.error);
    const input = validateBookmarkInput(body.value);
    if (!input.ok) return sendError(res, 400, 'the bookmark is not valid', input.errors);
    try {
      const bookmark = store.add(input.value);
      return sendJson(res, 201, bookmark, { location: `/bookmarks/${bookmark.id}` });
    } catch (error) {
      if (error instanceof DuplicateBookmarkError) return sendError(res, 409, error.message);
      throw error;
    }
  }

  const item = /^\/bookmarks\/([^/]+)$/.exec(url.pathname);
  if (item) {
    const raw = decodeURIComponent(item[1] ?? '');
    const id = parseId(raw);
    if (id === undefined) return sendError(res, 400, `"${raw}" is not a bookmark id: ids are whole numbers from 1`);
    if (method === 'GET') {
      const bookmark = store.get(id);
      return bookmark ? sendJson(res, 200, bookmark) : sendError(res, 404, `no bookmark with id ${id}`);
    }
    if (method === 'DELETE') {
      if (!store.remove(id)) return sendError(res, 404, `no bookmark with id ${id}`);
      res.writeHead(204);
      res.end();
      return;
    }
    return methodNotAllowed(res, 'GET, DELETE');
  }

  sendError(res, 404, `nothing at ${url.pathname}: the API serves /health and /bookmarks`);
}

/** The HTTP server of the API over one store; nothing is listening until `listen`. */
export function createBookmarksServer(store: BookmarkStore = createBookmarkStore()): Server {
  return createServer((req, res) => {
    route(store, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.destroy();
    });
  });
}

/** Starts listening (port 0: a free port) and resolves to the base URL, e.g. http://127.0.0.1:40123. */
export function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/** Stops accepting and closes the idle keep-alive connections too, so the process can end at once. */
export function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
