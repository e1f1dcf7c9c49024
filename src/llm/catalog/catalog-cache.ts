import { homedir } from 'node:os';
import { join } from 'node:path';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CatalogModel } from './catalog-model.js';
import { fetchJson, type FetchLike } from './fetch-json.js';
import { OPENROUTER_SNAPSHOT } from './openrouter-snapshot.js';
import { parseModelList } from './openrouter-catalog.js';

/** `$XDG_CACHE_HOME/atelier`, else `~/.cache/atelier`: data Atelier can fetch again. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'atelier');
}

export const CATALOG_CACHE_FILE = 'openrouter-models.json';

const cachedCatalogSchema = z.object({
  version: z.literal(1),
  fetchedAt: z.string(),
  url: z.string(),
  data: z.array(z.unknown()),
});

/** The OpenRouter catalog Atelier selects from, with the date it was fetched. */
export interface OpenRouterCatalog {
  models: CatalogModel[];
  fetchedAt: string;
  /** `snapshot` (bundled) or `update` (`atelier models update`). */
  source: 'snapshot' | 'update';
  /** The cache file, when the catalog came from one. */
  file?: string;
}

export function snapshotCatalog(): OpenRouterCatalog {
  return { models: parseModelList({ data: OPENROUTER_SNAPSHOT.data }, 'snapshot').models, fetchedAt: OPENROUTER_SNAPSHOT.fetchedAt, source: 'snapshot' };
}

/**
 * The cached update when there is a readable one, else the bundled snapshot. A damaged cache
 * file is ignored (the snapshot still works) rather than stopping a run.
 */
export async function loadOpenRouterCatalog(cacheDir: string): Promise<OpenRouterCatalog> {
  const file = join(cacheDir, CATALOG_CACHE_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return snapshotCatalog();
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return snapshotCatalog();
  }
  const cached = cachedCatalogSchema.safeParse(json);
  if (!cached.success) return snapshotCatalog();
  const { models } = parseModelList({ data: cached.data.data }, 'update');
  if (models.length === 0) return snapshotCatalog();
  return { models, fetchedAt: cached.data.fetchedAt, source: 'update', file };
}

/** `atelier models update`: fetches `GET <base>/models` and caches it with today's date. */
export async function updateOpenRouterCatalog(options: {
  baseUrl: string;
  cacheDir: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => Date;
}): Promise<OpenRouterCatalog & { skipped: number; url: string }> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/models`;
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const body = await fetchJson(url, { headers, timeoutMs: options.timeoutMs ?? 30_000, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { models, skipped } = parseModelList(body, 'update');
  const data = (body as { data: unknown[] }).data;
  const fetchedAt = (options.now?.() ?? new Date()).toISOString();
  const file = join(options.cacheDir, CATALOG_CACHE_FILE);
  await mkdir(options.cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ version: 1, fetchedAt, url, data })}\n`, 'utf8');
  await rename(temp, file);
  return { models, fetchedAt, source: 'update', file, skipped, url };
}
