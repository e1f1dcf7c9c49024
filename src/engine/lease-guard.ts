import { AtelierError } from '../errors/atelier-error.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/workspace.js';

/** This process's claim on the run was taken over: another process runs it now, so this one stops writing. */
export class LeaseLostError extends AtelierError {
  override readonly name = 'LeaseLostError';
  constructor(readonly runId: string) {
    super(
      `this process lost its claim on run ${runId}: it stopped renewing it for longer than the lease lasts (suspended, or the store was unreachable) and another process took the run over. It stopped here without writing anything more; see \`atelier show ${runId}\` for what the other process does.`,
    );
  }
}

/** What the run writes that another holder would also write: the run's state, its documents and its files. */
const STORE_WRITES = new Set<keyof Store>(['updateRun', 'upsertStage', 'upsertTask', 'saveDocument', 'setDocumentStatus', 'appendEvent']);
const WORKSPACE_WRITES = new Set<keyof Workspace>(['writeFile', 'commit', 'tagVersion']);

function guarded<T extends object>(target: T, writes: ReadonlySet<PropertyKey>, check: () => void): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!writes.has(key)) return method.bind(object);
      return async (...args: unknown[]) => {
        check();
        return method.apply(object, args);
      };
    },
  });
}

/**
 * The store and workspace a run writes through, checked before every write: once the run's
 * lease is lost nothing more is written (the ledger still is: what was paid for was paid for).
 */
export function guardRunWrites(runId: string, lease: { readonly lost: boolean }, parts: { store: Store; workspace: Workspace }): { store: Store; workspace: Workspace } {
  const check = () => {
    if (lease.lost) throw new LeaseLostError(runId);
  };
  return { store: guarded(parts.store, STORE_WRITES, check), workspace: guarded(parts.workspace, WORKSPACE_WRITES, check) };
}
