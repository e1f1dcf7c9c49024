import { sql } from 'kysely';
import type { QueryContext } from './query-context.js';
import { leaseFromRow } from './row-mappers.js';
import type { LeaseRecord, Store } from './store.js';
import { StoreError } from './store-error.js';

type LeaseQueries = Pick<Store, 'acquireLease' | 'renewLease' | 'releaseLease' | 'breakLease' | 'getLease' | 'listLeases'>;

/**
 * A claim is two statements (take it, else read who has it); between them the lease can be
 * released or expire. Then the claim starts over, a few times at most.
 */
const CLAIM_ATTEMPTS = 5;

/**
 * Leases: who may work on a run, or on one job of it, right now. Expiry is compared in SQL as
 * epoch milliseconds, against the caller's clock (the processes share one host's clock, as
 * they share one SQLite file; a Postgres backend will compare against its server clock).
 */
export function leaseQueries({ db, guard }: QueryContext): LeaseQueries {
  return {
    acquireLease: ({ name, owner, holder, ttlMs }) =>
      guard(`acquire lease ${name}`, async () => {
        const ttl = checkTtl(ttlMs, `acquire lease ${name}`);
        for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
          const nowMs = Date.now();
          const at = new Date(nowMs).toISOString();
          // One statement: SQLite's write lock (a row lock on Postgres) decides between racing
          // claims, and the WHERE lets the update through only for an expired or own lease.
          const taken = await db
            .insertInto('leases')
            .values({ name, owner, holder, acquired_at: at, heartbeat_at: at, expires_at: nowMs + ttl })
            .onConflict((oc) =>
              oc
                .column('name')
                .doUpdateSet((eb) => ({
                  owner: eb.ref('excluded.owner'),
                  holder: eb.ref('excluded.holder'),
                  // Re-acquiring one's own lease renews it; it was still acquired back then.
                  acquired_at: eb
                    .case()
                    .when('leases.owner', '=', eb.ref('excluded.owner'))
                    .then(eb.ref('leases.acquired_at'))
                    .else(eb.ref('excluded.acquired_at'))
                    .end(),
                  heartbeat_at: eb.ref('excluded.heartbeat_at'),
                  expires_at: eb.ref('excluded.expires_at'),
                }))
                // A hand-edited expiry that is not a number holds nothing (SQLite would order text after every number).
                .where((eb) => eb.or([eb('leases.expires_at', '<=', nowMs), eb('leases.owner', '=', eb.ref('excluded.owner')), sql<boolean>`typeof(leases.expires_at) != 'integer'`])),
            )
            .returningAll()
            .executeTakeFirst();
          if (taken) return { acquired: true, lease: leaseFromRow(taken) };

          const current = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
          const heldBy = current && leaseFromRow(current);
          if (heldBy && !isExpired(heldBy)) return { acquired: false, heldBy };
        }
        throw new StoreError(`could not acquire lease ${name}`, `it changed hands ${CLAIM_ATTEMPTS} times while being claimed; try again`);
      }),

    renewLease: (name, owner, ttlMs) =>
      guard(`renew lease ${name}`, async () => {
        const ttl = checkTtl(ttlMs, `renew lease ${name}`);
        const nowMs = Date.now();
        const result = await db
          .updateTable('leases')
          .set({ heartbeat_at: new Date(nowMs).toISOString(), expires_at: nowMs + ttl })
          .where('name', '=', name)
          .where('owner', '=', owner)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      }),

    releaseLease: (name, owner) =>
      guard(`release lease ${name}`, async () => {
        await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
      }),

    breakLease: (name, owner) =>
      guard(`break lease ${name}`, async () => {
        // Matching the owner means a holder that renewed or took over since the caller looked is
        // left alone: only the lease the caller judged dead is removed.
        const result = await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),

    getLease: (name) =>
      guard(`read lease ${name}`, async () => {
        const row = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
        return row && leaseFromRow(row);
      }),

    listLeases: (prefix) =>
      guard(`list the leases under ${JSON.stringify(prefix)}`, async () => {
        // Not LIKE: SQLite's LIKE ignores ASCII case and treats `%` and `_` in the prefix as
        // wildcards. Both SQL backends count characters as code points, as the spread does.
        const rows = await db
          .selectFrom('leases')
          .selectAll()
          .where('expires_at', '>', Date.now())
          .where((eb) => eb(eb.fn<string>('substr', ['name', eb.val(1), eb.val([...prefix].length)]), '=', prefix))
          .orderBy('name')
          .execute();
        return rows.map(leaseFromRow);
      }),
  };
}

function checkTtl(ttlMs: number, operation: string): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreError(`could not ${operation}`, `ttlMs must be a positive number of milliseconds, not ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

function isExpired(lease: LeaseRecord): boolean {
  return Date.parse(lease.expiresAt) <= Date.now();
}
