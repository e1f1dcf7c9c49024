import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { AtelierError } from '../errors/atelier-error.js';
import type { LeaseRecord, Store } from '../store/store.js';
import { localHolder } from './local-holder.js';

/** How long a lease lasts without a heartbeat: a holder that died frees its run after this. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** Someone else holds the lease: two processes running one run (or one job of it) would pay twice and interleave state. */
export class RunInUseError extends AtelierError {
  override readonly name = 'RunInUseError';
  constructor(
    readonly lease: string,
    readonly heldBy: LeaseRecord,
  ) {
    // The holder's words come from the store: one line, whatever they hold.
    super(`${describeLease(lease)} is already being run by ${JSON.stringify(heldBy.holder).slice(1, -1)}, since ${heldBy.acquiredAt}. ${whatToDo(heldBy)}`);
  }
}

/** On this host the holder's pid is known and alive; elsewhere only its expiry frees the run. */
function whatToDo(heldBy: LeaseRecord): string {
  const pid = heldBy.owner.split(':')[1];
  if (localHolder(heldBy.owner, heldBy.acquiredAt) === 'alive') return `Wait for it to finish, or stop it (kill ${pid}) and try again.`;
  return `Wait for it to finish, or stop that process and try again; if it is gone, its claim expires at ${heldBy.expiresAt} and can be taken over then.`;
}

function describeLease(name: string): string {
  const task = /^run:([^/]+)\/task:(.+)$/.exec(name);
  if (task) return `task ${task[2]} of run ${task[1]}`;
  if (name.startsWith('project:')) return `project ${name.slice(8)}`;
  return name.startsWith('run:') ? `run ${name.slice(4)}` : name;
}

/**
 * One run in progress per project folder: two at once would mix their documents and files. Named
 * by the folder's real path, not the project's name (which comes from each run's idea).
 */
export function projectLeaseName(projectDir: string): string {
  let real = resolve(projectDir);
  try {
    real = realpathSync(real);
  } catch {
    // Not created yet: its resolved path is the one the run will create.
  }
  return `project:${real}`;
}

export function runLeaseName(runId: string): string {
  return `run:${runId}`;
}

export function taskLeaseName(runId: string, stageId: string, taskId: string): string {
  return `run:${runId}/task:${stageId}/${taskId}`;
}

/** A lease this process holds, renewed in the background until released. */
export interface HeldLease {
  readonly name: string;
  /** True once a renewal found the lease taken over (this process was presumed dead). */
  readonly lost: boolean;
  release(): Promise<void>;
}

const HOST = hostname();

/** `host:pid:random`: unique per claim, and says which process on which host holds it. */
function newOwner(): string {
  return `${HOST}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** A holder on this host whose process is gone: its claim need not wait for the expiry. */
export function isDeadLocalHolder(owner: string, acquiredAt = new Date().toISOString()): boolean {
  return localHolder(owner, acquiredAt) === 'dead';
}

/**
 * Claims `name` in the store for this process until `release`: a whole run (`run:<id>`) or one
 * job of it (`run:<id>/task:…`), so holders of different parts proceed side by side. A lease
 * held by a live process (here or on another host) is refused with who holds it; one whose
 * holder died on this host is taken over at once, one elsewhere once it expires.
 */
export async function acquireRunLease(store: Store, name: string, options: { purpose: string; ttlMs?: number }): Promise<HeldLease> {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const owner = newOwner();
  const holder = `process ${process.pid} on host ${HOST} (${options.purpose})`;
  // A live process on this host keeps its claim even past the expiry: it may only have been
  // suspended (SIGSTOP, a laptop lid), and two processes must never run one run.
  const current = await store.getLease(name);
  if (current && current.owner !== owner && localHolder(current.owner, current.acquiredAt) === 'alive') throw new RunInUseError(name, current);
  let claim = await store.acquireLease({ name, owner, holder, ttlMs });
  if (!claim.acquired && localHolder(claim.heldBy.owner, claim.heldBy.acquiredAt) === 'dead') {
    await store.breakLease(name, claim.heldBy.owner);
    claim = await store.acquireLease({ name, owner, holder, ttlMs });
  }
  if (!claim.acquired) throw new RunInUseError(name, claim.heldBy);

  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = store.renewLease(name, owner, ttlMs).then(
      (held) => {
        if (!held) lost = true;
      },
      // A store that cannot be reached for one beat is tried again at the next.
      () => undefined,
    );
  }, Math.max(10, Math.floor(ttlMs / 3)));
  // A heartbeat alone must not keep the process alive.
  timer.unref();
  return {
    name,
    get lost() {
      return lost;
    },
    release: async () => {
      clearInterval(timer);
      await renewing;
      // A release that fails (a full disk) must not hide why the run ended: the claim frees itself
      // once this process is gone (a dead holder on this host) or, elsewhere, once it expires.
      await store.releaseLease(name, owner).catch(() => undefined);
    },
  };
}
