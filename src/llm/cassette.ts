import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { redactSecrets } from '../observe/redact.js';
import { recordedAnswerSchema, type RecordedAnswer } from './recorded-answer.js';
import { AtelierError } from '../errors/atelier-error.js';

export const cassetteEntrySchema = z.object({
  /** The call's label when it was recorded, e.g. `stage "write_prd"`: names the entry in errors. */
  label: z.string(),
  schemaName: z.string(),
  /** `provider:model` that answered; shown when the run is replayed. */
  model: z.string().optional(),
  response: recordedAnswerSchema,
});

export const cassetteFileSchema = z.object({
  version: z.literal(1),
  recordedAt: z.string(),
  entries: z.record(z.string().regex(/^[0-9a-f]{64}$/, 'entry keys are sha256 request hashes'), cassetteEntrySchema),
});

export type CassetteEntry = z.infer<typeof cassetteEntrySchema>;
export type CassetteFile = z.infer<typeof cassetteFileSchema>;
export type CassetteMode = 'record' | 'replay';

/** The cassette file is missing, unreadable or not a cassette. */
export class CassetteError extends AtelierError {
  override readonly name = 'CassetteError';

  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`cassette ${file}: ${problem}`);
  }
}

/** Replay asked for a request the cassette never recorded (the prompt, schema or workflow changed). */
export class CassetteMissError extends AtelierError {
  override readonly name = 'CassetteMissError';

  constructor(
    readonly file: string,
    readonly label: string,
    readonly requestHash: string,
  ) {
    super(`no recorded answer for ${label} in ${basename(file)} (request ${requestHash.slice(0, 8)}…); re-record the cassette with --record`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** A cassette of a long run is a few megabytes; a file far larger is not one. */
const MAX_CASSETTE_BYTES = 256 * 1024 * 1024;

async function readCassetteFile(file: string): Promise<CassetteFile | undefined> {
  let raw: string;
  try {
    const stats = await lstat(file);
    // Never through a link or from a device: a cassette path kept in a run could name any file.
    if (!stats.isFile()) throw new CassetteError(file, 'is not a regular file (a link, a folder or a device); give a cassette file');
    if (stats.size > MAX_CASSETTE_BYTES) throw new CassetteError(file, `is ${stats.size} bytes, more than any cassette; give a cassette file`);
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (CassetteError.isInstance(error)) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CassetteError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // Not the parser's message: it quotes the file's first bytes, which need not be ours to show.
    throw new CassetteError(file, 'is not valid JSON; re-record it with --record');
  }
  const parsed = cassetteFileSchema.safeParse(json);
  if (!parsed.success) throw new CassetteError(file, `is not an Atelier cassette (${describeIssues(parsed.error)}); re-record it with --record`);
  return parsed.data;
}

/**
 * Recorded model answers keyed by normalised request hash. Recording writes the whole file
 * after every new entry (temp file + rename), so a run killed mid-way leaves a valid cassette.
 */
export class Cassette {
  private readonly entries: Map<string, CassetteEntry>;
  private recordedAt: string;
  private writes: Promise<void> = Promise.resolve();
  private tempCounter = 0;

  constructor(
    readonly file: string,
    readonly mode: CassetteMode,
    contents: CassetteFile | undefined,
    /** Values redacted from everything recorded, beyond the environment's (e.g. the configured API key). */
    private readonly secrets: readonly string[] = [],
  ) {
    this.entries = new Map(Object.entries(contents?.entries ?? {}));
    this.recordedAt = contents?.recordedAt ?? new Date().toISOString();
  }

  /** The file name shown in messages, e.g. `demo.cassette.json`. */
  get name(): string {
    return basename(this.file);
  }

  get size(): number {
    return this.entries.size;
  }

  find(requestHash: string): CassetteEntry | undefined {
    return this.entries.get(requestHash);
  }

  /** The recorded answer, or a `CassetteMissError` naming the call. */
  replay(requestHash: string, label: string): CassetteEntry {
    const entry = this.entries.get(requestHash);
    if (entry === undefined) throw new CassetteMissError(this.file, label, requestHash);
    return entry;
  }

  /** Adds (or replaces) an entry and writes the file; resolves once the file on disk holds it. */
  async record(requestHash: string, entry: { label: string; schemaName: string; model?: string; response: RecordedAnswer }): Promise<void> {
    if (this.mode !== 'record') throw new CassetteError(this.file, 'is open for replay; open it with mode "record" to add answers');
    const redact = (text: string) => redactSecrets(text, this.secrets);
    this.entries.set(requestHash, {
      label: redact(entry.label),
      schemaName: redact(entry.schemaName),
      ...(entry.model !== undefined ? { model: redact(entry.model) } : {}),
      response: { ...entry.response, text: redact(entry.response.text) },
    });
    this.recordedAt = new Date().toISOString();
    // Writes are chained: parallel stages record concurrently and the last snapshot must win.
    const written = this.writes.then(() => this.writeFile());
    this.writes = written.catch(() => undefined);
    await written;
  }

  /** Resolves when every recorded entry is on disk. */
  async flush(): Promise<void> {
    await this.writes;
  }

  toJSON(): CassetteFile {
    return { version: 1, recordedAt: this.recordedAt, entries: Object.fromEntries(this.entries) };
  }

  private async writeFile(): Promise<void> {
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.${this.tempCounter++}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temp, `${JSON.stringify(this.toJSON(), null, 2)}\n`, 'utf8');
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw new CassetteError(this.file, `cannot be written (${(error as Error).message})`);
    }
  }
}

/**
 * Opens a cassette. Replay needs the file; record starts from it when present (keeping earlier
 * entries, so a resumed recording completes the same cassette) or from nothing.
 */
export async function openCassette(file: string, mode: CassetteMode, options: { secrets?: readonly string[] } = {}): Promise<Cassette> {
  const contents = await readCassetteFile(file);
  if (contents === undefined && mode === 'replay') {
    throw new CassetteError(file, 'does not exist; record one with --record, or check the path');
  }
  return new Cassette(file, mode, contents, options.secrets);
}
