import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every query shape the store and the project index run; `in (…)` lists of new lengths evict the oldest. */
const DEFAULT_CAPACITY = 128;

/**
 * The database as Kysely's SQLite dialect sees it, with each statement prepared once: Kysely
 * prepares every query it runs again, which costs more than running most of them. The least
 * recently used statement is dropped when `capacity` are held; better-sqlite3 finalizes it
 * when it is collected, and all of them on close.
 */
export function withStatementCache(database: Database.Database, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      // A statement still iterating (a stream) cannot run a second query; that one gets its own.
      if (statement?.busy) return database.prepare(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
