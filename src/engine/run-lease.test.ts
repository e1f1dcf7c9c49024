import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { openWorkspace } from '../workspace/workspace.js';
import { guardRunWrites, LeaseLostError } from './lease-guard.js';
import { localHolder } from './local-holder.js';
import { acquireRunLease, RunInUseError, runLeaseName, taskLeaseName } from './run-lease.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function freshStore(): Promise<Store> {
  store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'atelier-lease-')), 'atelier.db'));
  return store;
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('run leases', () => {
  it('refuses a run another holder has, naming who, and frees it on release', async () => {
    const db = await freshStore();
    const first = await acquireRunLease(db, runLeaseName('r-1'), { purpose: 'atelier resume' });
    const refused = await acquireRunLease(db, runLeaseName('r-1'), { purpose: 'atelier resume' }).catch((error: unknown) => error);
    expect(RunInUseError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain(`run r-1 is already being run by process ${process.pid} on host ${hostname()} (atelier resume)`);
    await first.release();
    const second = await acquireRunLease(db, runLeaseName('r-1'), { purpose: 'atelier resume' });
    await second.release();
  });

  it('takes over a lease whose holder on another host stopped renewing it, once it expires', async () => {
    const db = await freshStore();
    await db.acquireLease({ name: runLeaseName('r-2'), owner: 'elsewhere:42:abcd', holder: 'process 42 on host elsewhere (atelier worker)', ttlMs: 300 });
    const refused = await acquireRunLease(db, runLeaseName('r-2'), { purpose: 'atelier resume' }).catch((error: unknown) => error);
    expect((refused as Error).message).toContain('process 42 on host elsewhere');
    await sleep(350);
    const taken = await acquireRunLease(db, runLeaseName('r-2'), { purpose: 'atelier resume' });
    expect((await db.getLease(runLeaseName('r-2')))?.holder).toContain(`process ${process.pid}`);
    await taken.release();
  });

  it('takes over at once a lease whose holder on this host has died', async () => {
    const db = await freshStore();
    const pid = deadPid();
    await db.acquireLease({ name: runLeaseName('r-3'), owner: `${hostname()}:${pid}:dead`, holder: `process ${pid} on host ${hostname()} (atelier run)`, ttlMs: 60_000 });
    const taken = await acquireRunLease(db, runLeaseName('r-3'), { purpose: 'atelier resume' });
    expect(taken.lost).toBe(false);
    await taken.release();
  });

  it('keeps a live holder’s lease alive past its time to live by renewing it', async () => {
    const db = await freshStore();
    const held = await acquireRunLease(db, runLeaseName('r-4'), { purpose: 'atelier run', ttlMs: 150 });
    await sleep(450);
    const refused = await acquireRunLease(db, runLeaseName('r-4'), { purpose: 'atelier resume', ttlMs: 150 }).catch((error: unknown) => error);
    expect(RunInUseError.isInstance(refused)).toBe(true);
    expect(held.lost).toBe(false);
    await held.release();
  });

  it('lets two holders work on two tasks of one run side by side, but never on the same task', async () => {
    const db = await freshStore();
    const run = await acquireRunLease(db, runLeaseName('r-5'), { purpose: 'atelier run' });
    const t1 = await acquireRunLease(db, taskLeaseName('r-5', 'implement', 'T1'), { purpose: 'task T1' });
    const t2 = await acquireRunLease(db, taskLeaseName('r-5', 'implement', 'T2'), { purpose: 'task T2' });
    expect((await db.listLeases('run:r-5/')).map((lease) => lease.name).sort()).toEqual(['run:r-5/task:implement/T1', 'run:r-5/task:implement/T2']);
    const again = await acquireRunLease(db, taskLeaseName('r-5', 'implement', 'T1'), { purpose: 'task T1' }).catch((error: unknown) => error);
    expect((again as Error).message).toContain('task implement/T1 of run r-5 is already being run');
    await Promise.all([t1.release(), t2.release(), run.release()]);
    expect(await db.listLeases('run:r-5')).toEqual([]);
  });

  it('never takes over the lease of a live process on this host, even past its expiry (a suspended holder)', async () => {
    const db = await freshStore();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await sleep(100);
      await db.acquireLease({ name: runLeaseName('r-6'), owner: `${hostname()}:${child.pid}:stopped`, holder: `process ${child.pid} on host ${hostname()} (atelier run)`, ttlMs: 50 });
      await sleep(120);
      const refused = await acquireRunLease(db, runLeaseName('r-6'), { purpose: 'atelier resume' }).catch((error: unknown) => error);
      expect(RunInUseError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toContain(`stop it (kill ${child.pid})`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('treats a pid reused by a process started after the claim as a dead holder', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await sleep(100);
      const owner = `${hostname()}:${child.pid}:old`;
      expect(localHolder(owner, new Date().toISOString())).toBe('alive');
      // Claimed a minute before this pid's process started: the claimant is gone.
      expect(localHolder(owner, new Date(Date.now() - 60_000).toISOString())).toBe('dead');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('stops a holder whose lease was taken over from writing anything more, but still records what it paid for', async () => {
    const db = await freshStore();
    const name = runLeaseName('r-8');
    const held = await acquireRunLease(db, name, { purpose: 'atelier run', ttlMs: 90 });
    const mine = await db.getLease(name);
    // Another process took the run over while this one was not renewing (as after a suspend).
    await db.breakLease(name, mine!.owner);
    await db.acquireLease({ name, owner: 'elsewhere:7:new', holder: 'process 7 on host elsewhere (atelier resume)', ttlMs: 60_000 });
    await sleep(120);
    expect(held.lost).toBe(true);
    const workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'atelier-lease-ws-')));
    const guarded = guardRunWrites('r-8', held, { store: db, workspace });
    const append = await guarded.store.appendEvent({ runId: 'r-8', type: 'run.started', stageId: null, taskId: null, payload: {} }).catch((error: unknown) => error);
    expect(LeaseLostError.isInstance(append)).toBe(true);
    expect((append as Error).message).toContain('lost its claim on run r-8');
    const commit = await guarded.workspace.commit({ message: 'x', author: { name: 'a', email: 'a@b' } }).catch((error: unknown) => error);
    expect(LeaseLostError.isInstance(commit)).toBe(true);
    expect(await db.listEvents('r-8')).toEqual([]);
    await held.release();
    // The other holder keeps the run.
    expect((await db.getLease(name))?.owner).toBe('elsewhere:7:new');
  });
});
