import { redactSecrets } from '../observe/redact.js';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const ENDPOINT_FORMATS_FILE = 'endpoint-formats.json';

const entrySchema = z.object({ responseFormat: z.literal('refused'), at: z.string(), reason: z.string() });
const fileSchema = z.object({ version: z.literal(1), endpoints: z.record(z.string(), entrySchema) });
type Entry = z.infer<typeof entrySchema>;

/** Servers get upgraded: a refusal is believed for a month, then json_schema is tried again (it costs one 400). */
const REMEMBER_MS = 30 * 24 * 60 * 60 * 1000;

/** The endpoint without credentials a URL may carry (`https://user:key@host/v1`): the file keeps no secret. */
function key(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return baseUrl.replace(/\/+$/, '');
  }
}

async function readEntries(file: string): Promise<Record<string, Entry>> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data.endpoints : {};
  } catch {
    return {};
  }
}

/**
 * Which OpenAI-compatible endpoints refuse `response_format: json_schema`, kept in the user's
 * cache by base URL, so that only the first call to such an endpoint is refused (and said so),
 * not the first call of every run.
 */
export class EndpointFormats {
  private constructor(
    /** Undefined for a memory kept for one process only. */
    readonly file: string | undefined,
    private readonly entries: Map<string, Entry>,
    private readonly now: () => Date,
  ) {}

  static async load(cacheDir: string, now: () => Date = () => new Date()): Promise<EndpointFormats> {
    const file = join(cacheDir, ENDPOINT_FORMATS_FILE);
    const fresh = Object.entries(await readEntries(file)).filter(([, entry]) => now().getTime() - Date.parse(entry.at) < REMEMBER_MS);
    return new EndpointFormats(file, new Map(fresh), now);
  }

  static inMemory(): EndpointFormats {
    return new EndpointFormats(undefined, new Map(), () => new Date());
  }

  refuses(baseUrl: string): boolean {
    return this.entries.has(key(baseUrl));
  }

  /**
   * Records that `baseUrl` refused the schema; true the first time, so one call says so and
   * calls refused at the same moment do not repeat it. A cache that cannot be written only
   * means the next run learns it again.
   */
  async remember(baseUrl: string, reason: string): Promise<boolean> {
    if (this.refuses(baseUrl)) return false;
    // The reason is the provider's own text, which may echo the request's key.
    const entry: Entry = { responseFormat: 'refused', at: this.now().toISOString(), reason: redactSecrets(reason).slice(0, 300) };
    this.entries.set(key(baseUrl), entry);
    if (this.file === undefined) return true;
    try {
      const endpoints = { ...(await readEntries(this.file)), [key(baseUrl)]: entry };
      await mkdir(join(this.file, '..'), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ version: 1, endpoints }, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
      await rename(temp, this.file);
    } catch {
      // Read-only or full cache folder: the memory still holds for this run.
    }
    return true;
  }
}
