import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSqliteStore } from './sqlite-store.js';
import type { NewDocument, Store } from './store.js';
import { describeStoreConformance } from './store-conformance.js';
import { StoreError } from './store-error.js';

const root = mkdtempSync(join(tmpdir(), 'atelier-store-'));
let counter = 0;
const freshPath = () => join(root, `case-${++counter}`, 'nested', 'atelier.db');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreConformance('sqlite in memory', () => openSqliteStore(':memory:'));
describeStoreConformance('sqlite file', () => openSqliteStore(freshPath()));

const doc = (id: string): NewDocument => ({
  id,
  projectId: 'p1',
  runId: 'r1',
  name: 'prd',
  kind: 'prd',
  content: { id },
  authorRole: 'pm',
  status: 'draft',
  lineage: [],
});

async function seed(store: Store): Promise<void> {
  await store.upsertProject({ id: 'p1', name: 'P', root: '/p' });
  await store.createRun({ id: 'r1', projectId: 'p1', idea: 'i', workflowId: 'w', status: 'running', plan: { a: 1 }, error: null });
}

describe('openSqliteStore on a file', () => {
  it('creates the parent folders and a WAL-mode database', async () => {
    const file = freshPath();
    const store = await openSqliteStore(file);
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT name FROM kysely_migration').pluck().all()).toEqual(['0001_initial', '0002_leases', '0003_events_by_type']);
    raw.close();
  });

  it('upgrades a store made before leases and the events-by-type index existed, keeping its records', async () => {
    const file = freshPath();
    const old = await openSqliteStore(file);
    await seed(old);
    await old.close();
    const raw = new Database(file);
    raw.exec("DROP TABLE leases; DROP INDEX events_run_type_seq; DELETE FROM kysely_migration WHERE name IN ('0002_leases', '0003_events_by_type')");
    raw.close();

    const store = await openSqliteStore(file);
    expect((await store.getRun('r1'))?.plan).toEqual({ a: 1 });
    const indexes = new Database(file, { readonly: true });
    expect(indexes.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_run_type_seq'").pluck().all()).toEqual(['events_run_type_seq']);
    indexes.close();
    expect((await store.acquireLease({ name: 'run:r1', owner: 'o', holder: 'h', ttlMs: 1_000 })).acquired).toBe(true);
    await store.close();
  });

  it('reads back, in a fresh instance, what an earlier one wrote (the resume case)', async () => {
    const file = freshPath();
    const first = await openSqliteStore(file);
    await seed(first);
    await first.upsertStage({ runId: 'r1', stageId: 's1', role: 'pm', status: 'done', model: 'm', startedAt: null, finishedAt: null, error: null });
    const saved = await first.saveDocument(doc('d1'));
    const event = await first.appendEvent({ runId: 'r1', type: 'stage.finished', stageId: 's1', payload: { ok: true } });
    await first.putCachedResponse('h', { text: 'answer' });
    // Not closed: as after a crash, the second instance must see every committed write.
    const second = await openSqliteStore(file);
    expect(await second.getRun('r1')).toEqual(await first.getRun('r1'));
    expect(await second.listStages('r1')).toEqual(await first.listStages('r1'));
    expect(await second.listDocuments('r1')).toEqual([saved]);
    expect(await second.listEvents('r1')).toEqual([event]);
    expect((await second.getCachedResponse('h'))?.response).toEqual({ text: 'answer' });
    // Both instances keep numbering versions and seqs from the shared file.
    expect((await second.saveDocument(doc('d2'))).version).toBe(2);
    expect((await first.saveDocument(doc('d3'))).version).toBe(3);
    await Promise.all([first.close(), second.close()]);
  });

  it('lets two instances open a brand-new file at the same time', async () => {
    const file = freshPath();
    const started = Date.now();
    const [a, b] = await Promise.all([openSqliteStore(file), openSqliteStore(file)]);
    await seed(a);
    expect((await b.getRun('r1'))?.id).toBe('r1');
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all([a.close(), b.close()]);
  });

  it('gives distinct versions to concurrent saves from two instances on one file', async () => {
    const file = freshPath();
    const a = await openSqliteStore(file);
    await seed(a);
    const b = await openSqliteStore(file);
    const saved = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).saveDocument(doc(`d${i}`))),
    );
    expect(saved.map((d) => d.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await Promise.all([a.close(), b.close()]);
  });

  it('gives a lease to exactly one of two instances racing on one file, and lets the other take it over once expired', async () => {
    const file = freshPath();
    const [a, b] = await Promise.all([openSqliteStore(file), openSqliteStore(file)]);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).acquireLease({ name: 'run:r1', owner: `owner-${i}`, holder: `claim ${i}`, ttlMs: 60_000 }),
      ),
    );
    const winners = claims.flatMap((claim) => (claim.acquired ? [claim.lease] : []));
    expect(winners).toHaveLength(1);
    expect(await a.getLease('run:r1')).toEqual(winners[0]);
    expect(await b.getLease('run:r1')).toEqual(winners[0]);

    // Renewing with a tiny ttl lets the lease run out now rather than in a minute.
    expect(await b.renewLease('run:r1', winners[0]?.owner ?? '', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const loser = winners[0]?.owner === 'owner-1' ? 'owner-2' : 'owner-1';
    const takeover = await (loser === 'owner-1' ? b : a).acquireLease({ name: 'run:r1', owner: loser, holder: 'h', ttlMs: 60_000 });
    expect(takeover.acquired).toBe(true);
    expect(await a.renewLease('run:r1', winners[0]?.owner ?? '', 60_000)).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it('gives each lease to exactly one of two processes claiming the same names at once', async () => {
    const file = freshPath();
    await (await openSqliteStore(file)).close();
    const names = Array.from({ length: 60 }, (_, i) => `run:r${i}`);
    const results = await claimInChildren(file, ['p0', 'p1'], names);
    for (const name of names) {
      const holders = results.flatMap((claims) => claims.filter((claim) => claim.name === name && claim.acquired));
      expect(holders, name).toHaveLength(1);
      for (const claims of results) expect(claims.find((claim) => claim.name === name)?.owner, name).toBe(holders[0]?.owner);
    }
  });

  it('keeps every acknowledged write when the writing process is SIGKILLed', async () => {
    const file = freshPath();
    const acknowledged = await killWriterMidway(file, 60);
    const store = await openSqliteStore(file);
    const events = await store.listEvents('r1');
    const versions = (await store.listDocumentVersions('p1', 'prd')).map((d) => d.version);
    await store.close();

    expect(events.length).toBeGreaterThanOrEqual(acknowledged);
    expect(events.map((e) => e.payload.i)).toEqual(events.map((_, i) => i));
    expect(versions.length).toBeGreaterThanOrEqual(acknowledged);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});

describe('openSqliteStore errors', () => {
  it('names the file when it is not a database, and leaves the file alone', async () => {
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const error: unknown = await openSqliteStore(file).catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).name).toBe('StoreError');
    expect(String((error as StoreError).message)).toContain(`could not open the store at ${file}`);
    expect(String((error as StoreError).message)).toMatch(/not a database.*move it aside/);
    expect(readFileSync(file, 'utf8')).toBe('these are my notes, not a database\n'.repeat(200));
  });

  it('treats a lease whose stored expiry is not epoch milliseconds as expired, so it can be taken', async () => {
    const file = freshPath();
    const store = await openSqliteStore(file);
    await store.acquireLease({ name: 'run:r1', owner: 'o', holder: 'h', ttlMs: 1_000 });
    const raw = new Database(file);
    raw.prepare("UPDATE leases SET expires_at = 'tomorrow'").run();
    raw.close();
    expect((await store.getLease('run:r1'))?.expiresAt).toBe(new Date(0).toISOString());
    const claim = await store.acquireLease({ name: 'run:r1', owner: 'other', holder: 'h2', ttlMs: 1_000 });
    expect(claim.acquired).toBe(true);
    await store.close();
  });

  it('names the path when it is a folder', async () => {
    const folder = join(root, 'a-folder');
    mkdirSync(folder);
    await expect(openSqliteStore(folder)).rejects.toThrow(`could not open the store at ${folder}`);
    await expect(openSqliteStore(folder)).rejects.toThrow(/is a file \(not a folder\)/);
  });
});

/**
 * Starts one process per owner, each claiming every one of `names` in a random order; they start
 * claiming together once all have opened the store. Resolves with who got each name, per process.
 */
async function claimInChildren(file: string, owners: string[], names: string[]): Promise<ChildClaim[][]> {
  const storeModule = fileURLToPath(new URL('./sqlite-store.ts', import.meta.url));
  const go = join(root, `go-${++counter}`);
  const script = join(root, `claimer-${counter}.mts`);
  writeFileSync(
    script,
    `import { existsSync } from 'node:fs';
import { openSqliteStore } from ${JSON.stringify(storeModule)};
const owner = process.argv[2];
const store = await openSqliteStore(${JSON.stringify(file)});
process.stdout.write('ready\\n');
while (!existsSync(${JSON.stringify(go)})) await new Promise((resolve) => setTimeout(resolve, 2));
// Each process its own order, so they collide on names all through the run, not only the first.
const names = ${JSON.stringify(names)}.sort(() => Math.random() - 0.5);
const results = [];
for (const name of names) {
  const claim = await store.acquireLease({ name, owner, holder: 'process ' + process.pid, ttlMs: 60_000 });
  results.push({ name, acquired: claim.acquired, owner: claim.acquired ? claim.lease.owner : claim.heldBy.owner });
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
process.stdout.write(JSON.stringify(results) + '\\n');
`,
  );
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  let ready = 0;
  return Promise.all(
    owners.map((owner) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, owner], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const before = stdout;
        stdout += chunk.toString();
        if (!before.startsWith('ready\n') && stdout.startsWith('ready\n') && ++ready === owners.length) writeFileSync(go, '');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise<ChildClaim[]>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => {
          if (code === 0) resolve(childClaims.parse(JSON.parse(stdout.slice('ready\n'.length))));
          else reject(new Error(`the claiming process exited with ${code}: ${stderr}`));
        });
      });
    }),
  );
}

const childClaims = z.array(z.object({ name: z.string(), acquired: z.boolean(), owner: z.string() }));
type ChildClaim = z.infer<typeof childClaims>[number];

/**
 * Runs a child process that appends events and document versions as fast as it can, printing
 * each index once its writes returned, and SIGKILLs it after `atLeast` acknowledgements.
 * Resolves with the number of writes the child acknowledged.
 */
async function killWriterMidway(file: string, atLeast: number): Promise<number> {
  const storeModule = fileURLToPath(new URL('./sqlite-store.ts', import.meta.url));
  const script = join(root, `writer-${++counter}.mts`);
  writeFileSync(
    script,
    `import { openSqliteStore } from ${JSON.stringify(storeModule)};
const store = await openSqliteStore(${JSON.stringify(file)});
await store.upsertProject({ id: 'p1', name: 'P', root: '/p' });
await store.createRun({ id: 'r1', projectId: 'p1', idea: 'i', workflowId: 'w', status: 'running', plan: {}, error: null });
for (let i = 0; ; i++) {
  await store.appendEvent({ runId: 'r1', type: 'tick', payload: { i, padding: 'x'.repeat(2000) } });
  await store.saveDocument({ id: 'd' + i, projectId: 'p1', runId: 'r1', name: 'prd', kind: 'prd', content: { i }, authorRole: 'pm', status: 'draft', lineage: [] });
  process.stdout.write(i + '\\n');
}
`,
  );
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let acknowledged = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      acknowledged += chunk.toString().split('\n').filter(Boolean).length;
      if (acknowledged >= atLeast) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the writer exited before it was killed: ${stderr}`));
    });
  });
}
