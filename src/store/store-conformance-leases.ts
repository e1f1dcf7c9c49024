import { describe, expect, it } from 'vitest';
import { expectIsoTimestamp, isStoreError } from './store-conformance-records.js';
import type { LeaseClaim, LeaseRecord, Store } from './store.js';

/** The lease part of the conformance suite; runs inside `describeStoreConformance`. */
export function describeLeaseConformance(getStore: () => Store): void {
  const run = 'run:r1';
  const task = 'run:r1/task:implement/T1';
  const claim = (name: string, owner: string, ttlMs = 60_000) =>
    getStore().acquireLease({ name, owner, holder: `process of ${owner}`, ttlMs });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function expectAcquired(result: LeaseClaim): LeaseRecord {
    if (!result.acquired) throw new Error(`expected the lease, but ${result.heldBy.holder} holds it`);
    return result.lease;
  }

  describe('leases', () => {
    it('acquires a free lease and reads it back', async () => {
      const before = Date.now();
      const lease = expectAcquired(await claim(run, 'a', 10_000));
      expect(lease).toMatchObject({ name: run, owner: 'a', holder: 'process of a' });
      expectIsoTimestamp(lease.acquiredAt);
      expectIsoTimestamp(lease.expiresAt);
      expect(lease.heartbeatAt).toBe(lease.acquiredAt);
      expect(Date.parse(lease.expiresAt) - Date.parse(lease.acquiredAt)).toBe(10_000);
      expect(Date.parse(lease.acquiredAt)).toBeGreaterThanOrEqual(before - 1);
      expect(await getStore().getLease(run)).toEqual(lease);
      expect(await getStore().getLease('run:nope')).toBeUndefined();
    });

    it('refuses a second owner and says who holds the lease', async () => {
      const lease = expectAcquired(await claim(run, 'a'));
      expect(await claim(run, 'b')).toEqual({ acquired: false, heldBy: lease });
      expect(await getStore().getLease(run)).toEqual(lease);
    });

    it('renews when the same owner acquires again, keeping acquiredAt', async () => {
      const first = expectAcquired(await claim(run, 'a', 1_000));
      await sleep(5);
      const again = expectAcquired(await getStore().acquireLease({ name: run, owner: 'a', holder: 'a, resumed', ttlMs: 60_000 }));
      expect(again).toMatchObject({ owner: 'a', holder: 'a, resumed', acquiredAt: first.acquiredAt });
      expect(Date.parse(again.heartbeatAt)).toBeGreaterThan(Date.parse(first.heartbeatAt));
      expect(Date.parse(again.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
    });

    it('lets another owner take over an expired lease, after which the first cannot renew it', async () => {
      expectAcquired(await claim(run, 'a', 20));
      await sleep(40);
      expect(await getStore().listLeases('run:')).toEqual([]);
      const taken = expectAcquired(await claim(run, 'b'));
      expect(taken.owner).toBe('b');
      expect(await getStore().renewLease(run, 'a', 60_000)).toBe(false);
      expect((await getStore().getLease(run))?.owner).toBe('b');
    });

    it('renews the holder’s lease by ttlMs from now', async () => {
      const lease = expectAcquired(await claim(run, 'a', 1_000));
      await sleep(5);
      const before = Date.now();
      expect(await getStore().renewLease(run, 'a', 30_000)).toBe(true);
      const renewed = await getStore().getLease(run);
      expect(renewed).toMatchObject({ owner: 'a', acquiredAt: lease.acquiredAt });
      expect(Date.parse(renewed?.expiresAt ?? '')).toBeGreaterThanOrEqual(before + 30_000);
      expect(Date.parse(renewed?.heartbeatAt ?? '')).toBeGreaterThan(Date.parse(lease.heartbeatAt));
      expect(await getStore().renewLease('run:nope', 'a', 1_000)).toBe(false);
    });

    it('lets another owner take the lease once it is released; a non-owner’s release changes nothing', async () => {
      const lease = expectAcquired(await claim(run, 'a'));
      await getStore().releaseLease(run, 'b');
      await getStore().releaseLease('run:nope', 'a');
      expect(await getStore().getLease(run)).toEqual(lease);
      await getStore().releaseLease(run, 'a');
      expect(await getStore().getLease(run)).toBeUndefined();
      expect(expectAcquired(await claim(run, 'b')).owner).toBe('b');
    });

    it('breaks a lease only while the named owner still holds it', async () => {
      expectAcquired(await claim(run, 'a'));
      expect(await getStore().breakLease(run, 'b')).toBe(false);
      expect((await getStore().getLease(run))?.owner).toBe('a');
      expect(await getStore().breakLease(run, 'a')).toBe(true);
      expect(await getStore().getLease(run)).toBeUndefined();
      expect(await getStore().breakLease(run, 'a')).toBe(false);
    });

    it('holds a run and its tasks under different owners side by side, listing them by prefix', async () => {
      const other = 'run:r1/task:implement/T2';
      const held = [expectAcquired(await claim(run, 'a')), expectAcquired(await claim(task, 'b')), expectAcquired(await claim(other, 'c'))];
      expectAcquired(await claim('run:r10', 'd'));
      expectAcquired(await claim('RUN:r1/task:x', 'e'));
      expect((await claim(task, 'c')).acquired).toBe(false);
      expect(await getStore().listLeases('run:r1/')).toEqual(held.slice(1));
      expect((await getStore().listLeases('run:r1')).map((lease) => lease.name)).toEqual([run, task, other, 'run:r10']);
      expect(await getStore().listLeases('run:r1/task:implement/T1')).toEqual([held[1]]);
      // Neither `%` nor `_` is a wildcard, and case matters.
      expect(await getStore().listLeases('run:r_')).toEqual([]);
      expect(await getStore().listLeases('run:%')).toEqual([]);
      expect((await getStore().listLeases('')).length).toBe(5);
    });

    it('gives the lease to exactly one of many concurrent claims', async () => {
      const owners = Array.from({ length: 16 }, (_, i) => `owner-${i}`);
      const claims = await Promise.all(owners.map((owner) => claim(run, owner)));
      const winners = claims.filter((result) => result.acquired);
      expect(winners).toHaveLength(1);
      const winner = expectAcquired(winners[0] as LeaseClaim);
      for (const result of claims) {
        if (!result.acquired) expect(result.heldBy).toEqual(winner);
      }
      expect(await getStore().getLease(run)).toEqual(winner);
    });

    it('refuses a ttl that is not a positive number', async () => {
      await expect(claim(run, 'a', 0)).rejects.toSatisfy(isStoreError);
      await expect(claim(run, 'a', Number.NaN)).rejects.toThrow(/ttlMs/);
      expectAcquired(await claim(run, 'a'));
      await expect(getStore().renewLease(run, 'a', -1)).rejects.toThrow(/ttlMs/);
      expect(await getStore().getLease(run)).toBeDefined();
    });
  });
}
