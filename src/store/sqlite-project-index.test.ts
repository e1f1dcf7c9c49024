import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeProjectIndexConformance } from './project-index-conformance.js';
import { openSqliteProjectIndex } from './sqlite-project-index.js';

const root = mkdtempSync(join(tmpdir(), 'atelier-index-'));
let counter = 0;
const freshPath = () => join(root, `case-${++counter}`, 'data', 'projects.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeProjectIndexConformance('sqlite in memory', () => openSqliteProjectIndex(':memory:'));
describeProjectIndexConformance('sqlite file', () => openSqliteProjectIndex(freshPath()));

describe('openSqliteProjectIndex on a file', () => {
  it('creates its folder and a WAL-mode database with its own migrations', async () => {
    const file = freshPath();
    await (await openSqliteProjectIndex(file)).close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT name FROM kysely_migration').pluck().all()).toEqual(['0001_known_projects']);
    raw.close();
  });

  it('lets two instances open a brand-new file at once and share what each remembers', async () => {
    const file = freshPath();
    const [a, b] = await Promise.all([openSqliteProjectIndex(file), openSqliteProjectIndex(file)]);
    await Promise.all([a.remember({ root: '/work/a', name: 'A' }), b.remember({ root: '/work/b', name: 'B' })]);
    await b.remember({ root: '/work/a', name: 'A' });
    expect((await a.list()).map((p) => p.root)).toEqual(['/work/a', '/work/b']);
    await a.forget('/work/b');
    expect((await b.list()).map((p) => p.root)).toEqual(['/work/a']);
    await Promise.all([a.close(), b.close()]);

    const reopened = await openSqliteProjectIndex(file);
    expect((await reopened.list()).map((p) => p.name)).toEqual(['A']);
    await reopened.close();
  });

  it('names the file when it is not a database', async () => {
    const file = join(root, 'projects.txt');
    writeFileSync(file, 'not a database\n'.repeat(200));
    await expect(openSqliteProjectIndex(file)).rejects.toThrow(`could not open the project index at ${file}`);
  });
});
