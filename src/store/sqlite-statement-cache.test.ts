import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

let database: Database.Database;
let prepared: string[];

beforeEach(() => {
  database = new Database(':memory:');
  database.exec('create table t (n integer)');
  database.exec('insert into t values (1), (2), (3)');
  prepared = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof database.prepare;
});
afterEach(() => {
  if (database.open) database.close();
});

describe('withStatementCache', () => {
  it('prepares each SQL text once and runs it again with new parameters', () => {
    const cached = withStatementCache(database);
    const select = 'select n from t where n >= ?';
    expect(cached.prepare(select).all([2])).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cached.prepare(select).all([3])).toEqual([{ n: 3 }]);
    cached.prepare('insert into t values (?)').run([4]);
    cached.prepare('insert into t values (?)').run([5]);
    expect(cached.prepare(select).all([4])).toEqual([{ n: 4 }, { n: 5 }]);
    expect(prepared).toEqual([select, 'insert into t values (?)']);
  });

  it('keeps the most recently used statements up to its capacity', () => {
    const cached = withStatementCache(database, 2);
    for (const sql of ['select 1', 'select 2', 'select 1', 'select 3', 'select 1', 'select 2']) cached.prepare(sql);
    // "select 2" was the least recently used when "select 3" came, so it is prepared again.
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('gives a query its own statement while the cached one is still iterating', () => {
    const cached = withStatementCache(database);
    const sql = 'select n from t order by n';
    const outer = cached.prepare(sql).iterate([]);
    expect(outer.next().value).toEqual({ n: 1 });
    expect(cached.prepare(sql).all([])).toHaveLength(3);
    expect([...outer]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('closes the database', () => {
    withStatementCache(database).close();
    expect(database.open).toBe(false);
  });
});
