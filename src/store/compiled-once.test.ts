import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';

interface TestDatabase {
  notes: { id: string; body: string; kind: string; size: number };
}

let db: Kysely<TestDatabase> | undefined;
afterEach(async () => db?.destroy());

async function open(): Promise<Kysely<TestDatabase>> {
  db = new Kysely<TestDatabase>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await sql`create table notes (id text primary key, body text not null, kind text not null, size integer not null)`.execute(db);
  return db;
}

describe('compiledOnce', () => {
  it('builds the query once and fills each call\'s values, keeping the constants the builder added', async () => {
    const db = await open();
    let builds = 0;
    const insert = compiledOnce<{ id: string; body: string; size: number }, never>(['id', 'body', 'size'], (values) => {
      builds += 1;
      return db.insertInto('notes').values({ ...values, kind: 'memo' });
    });
    await db.executeQuery(insert({ id: 'a', body: 'first', size: 1 }));
    await db.executeQuery(insert({ id: 'b', body: "it's \u0000 odd", size: 2 }));
    expect(builds).toBe(1);
    expect(await db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual([
      { id: 'a', body: 'first', kind: 'memo', size: 1 },
      { id: 'b', body: "it's \u0000 odd", kind: 'memo', size: 2 },
    ]);
  });

  it('refuses a key that does not end up as a parameter instead of running a wrong query', async () => {
    const db = await open();
    const bad = compiledOnce<{ id: string; column: string }, unknown>(['id', 'column'], (values) =>
      db.selectFrom('notes').select(sql.ref(values.column).as('picked')).where('id', '=', values.id),
    );
    expect(() => bad({ id: 'a', column: 'body' })).toThrow(/must take column as parameters/);
  });
});
