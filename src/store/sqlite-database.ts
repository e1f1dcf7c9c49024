import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type MigrationProvider } from 'kysely';
import { AtelierError } from '../errors/atelier-error.js';
import { errorMessage } from './json-column.js';
import { migrateToLatest } from './migrate-to-latest.js';
import { withStatementCache } from './sqlite-statement-cache.js';

export const IN_MEMORY = ':memory:';

/**
 * Opens (creating it and its folder if needed) the SQLite database at `location`, an absolute
 * path or `':memory:'`, and applies the migrations of `provider`. Throws the driver's or the
 * migration's own error; the caller says which file it was opening.
 */
export async function openSqliteDatabase<DB>(location: string, provider: MigrationProvider): Promise<Kysely<DB>> {
  if (location !== IN_MEMORY && onReadOnlyFileSystem(location)) return openReadOnlyCopy<DB>(location, provider);
  let database: Database.Database | undefined;
  let db: Kysely<DB> | undefined;
  try {
    if (location !== IN_MEMORY) mkdirSync(dirname(location), { recursive: true });
    database = new Database(location);
    // Set first: another process (a second CLI, the dashboard) may hold the lock briefly.
    database.pragma('busy_timeout = 5000');
    // Before anything is written to it, even the journal mode.
    if (location !== IN_MEMORY) await checkIsOurs(database, provider);
    configure(database);
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    await migrateSerially(location, database, db as Kysely<unknown>, provider);
    if (location !== IN_MEMORY && database.pragma('application_id', { simple: true }) === 0) database.pragma(`application_id = ${ATELIER_APPLICATION_ID}`);
    return db;
  } catch (error) {
    if (db) await db.destroy().catch(() => undefined);
    else database?.close();
    throw error;
  }
}

/** True when the database exists on a file system mounted read-only (EROFS), where SQLite cannot open it in place. */
function onReadOnlyFileSystem(location: string): boolean {
  if (!existsSync(location)) return false;
  try {
    accessSync(dirname(location), constants.W_OK);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS';
  }
}

/** Every write to a store opened from read-only media fails with this, naming the cause. */
export class ReadOnlyFileSystemError extends AtelierError {
  override readonly name = 'ReadOnlyFileSystemError';
}

/**
 * A WAL database cannot be opened in place on read-only media (SQLite needs its -shm file), so
 * `runs` and `show` read a copy in memory, with every write refused: nothing is lost silently.
 */
async function openReadOnlyCopy<DB>(location: string, provider: MigrationProvider): Promise<Kysely<DB>> {
  const image = readFileSync(location);
  // Bytes 18 and 19 of the header say WAL (2); an in-memory image must read as a rollback journal (1).
  if (image.length >= 20) image.fill(1, 18, 20);
  const database = new Database(image);
  try {
    await checkIsOurs(database, provider);
    if (!(await isUpToDate(database, provider))) throw new ReadOnlyFileSystemError('the store is from an older Atelier and would need migrating, but it is on a read-only file system (EROFS)');
    database.pragma('query_only = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/** `PRAGMA application_id` of every database Atelier creates ("ATLR"): marks the file as ours. */
export const ATELIER_APPLICATION_ID = 0x41544c52;

/** A file that is some other program's database: Atelier must neither migrate nor write it. */
export class NotAnAtelierDatabaseError extends AtelierError {
  override readonly name = 'NotAnAtelierDatabaseError';
}

/**
 * Migrating writes tables into the file, so it is done only to a new (empty) file or one of
 * ours: marked with our application id, or (made before the mark) holding only our migrations.
 * A path that leads to another program's database (a symlink, a crafted project index) is refused.
 */
async function checkIsOurs(database: Database.Database, provider: MigrationProvider): Promise<void> {
  const id = database.pragma('application_id', { simple: true });
  if (id === ATELIER_APPLICATION_ID) return;
  const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  if (id === 0 && tables.length === 0) return;
  if (id === 0 && tables.includes('kysely_migration')) {
    const known = new Set(Object.keys(await provider.getMigrations()));
    const applied = database.prepare('SELECT name FROM kysely_migration').pluck().all();
    if (applied.length > 0 && applied.every((name) => typeof name === 'string' && known.has(name))) return;
  }
  throw new NotAnAtelierDatabaseError('the file is not an Atelier database (another program’s SQLite file); Atelier neither migrates nor writes it');
}

function configure(database: Database.Database): void {
  // WAL: readers never block the writer, and a commit is one append to the log, so a process
  // killed mid-write loses at most the statement in flight. NORMAL sync is safe under WAL
  // against process crashes (only a power cut can drop the last commits).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
}

/** Opens of one file within this process migrate one after another (see `migrate`). */
const migrationsInFlight = new Map<string, Promise<void>>();

async function migrateSerially(
  location: string,
  database: Database.Database,
  db: Kysely<unknown>,
  provider: MigrationProvider,
): Promise<void> {
  const previous = migrationsInFlight.get(location) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => migrate(database, db, provider));
  migrationsInFlight.set(location, current);
  try {
    await current;
  } finally {
    if (migrationsInFlight.get(location) === current) migrationsInFlight.delete(location);
  }
}

/**
 * Kysely does not wrap SQLite migrations in a transaction, so a process killed half way
 * would leave a schema that the next start cannot migrate. They run inside one
 * `BEGIN IMMEDIATE` instead: all or nothing, and a second process opening a fresh file waits
 * for the first rather than migrating alongside it. An up-to-date database skips the lock.
 * (Two opens in one process must not overlap here: the busy wait is synchronous and would
 * block the very event loop that has to finish the first migration.)
 */
async function migrate(database: Database.Database, db: Kysely<unknown>, provider: MigrationProvider): Promise<void> {
  if (await isUpToDate(database, provider)) return;
  database.exec('BEGIN IMMEDIATE');
  try {
    // Kysely's SQLite driver runs everything on this one connection, inside this transaction.
    await migrateToLatest(db, provider);
    database.exec('COMMIT');
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
}

async function isUpToDate(database: Database.Database, provider: MigrationProvider): Promise<boolean> {
  const table = database
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (table === undefined) return false;
  const applied = new Set(
    database
      .prepare('SELECT name FROM kysely_migration')
      .pluck()
      .all()
      .filter((name): name is string => typeof name === 'string'),
  );
  const known = Object.keys(await provider.getMigrations());
  return known.every((name) => applied.has(name));
}

/** A driver error in words, with what to do about the failures a user can cause. */
export function describeSqliteError(error: unknown): string {
  const message = errorMessage(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const hints: Record<string, string> = {
    SQLITE_NOTADB: 'the file exists but is not a SQLite database; move it aside or choose another store path',
    SQLITE_CORRUPT: 'the database file is damaged; restore it from a backup or move it aside to start afresh',
    SQLITE_CANTOPEN: 'check that the path is a file (not a folder) in a folder you can write to',
    SQLITE_READONLY: 'the database file or its folder is read-only; check its permissions',
    SQLITE_BUSY: 'another process held the database lock for more than 5 s; retry when it is idle',
    SQLITE_FULL: 'the disk is full',
    SQLITE_CONSTRAINT_FOREIGNKEY: 'it refers to a project or run that does not exist',
    SQLITE_CONSTRAINT_PRIMARYKEY: 'a record with this id already exists',
    SQLITE_CONSTRAINT_UNIQUE: 'a record with the same key already exists',
  };
  const hint = hints[code] ?? hints[code.replace(/_[A-Z]+$/, '')];
  return hint ? `${message} (${hint})` : message;
}
