/** A run as `atelier runs --project DIR --json` lists it. */
export interface ListedRun {
  id: string;
  status: string;
  interrupted: boolean;
  createdAt: string;
}

/** What the idea's project folder holds before the harness touches it. */
export type FolderState = { kind: 'absent' } | { kind: 'empty' } | { kind: 'files-without-run' } | { kind: 'runs'; runs: readonly ListedRun[] };

/** What to do with the idea: start a run, continue one, score one as it is, or leave the folder alone. */
export type ProjectPlan =
  | { kind: 'start' }
  | { kind: 'resume'; runId: string }
  | { kind: 'score'; runId: string }
  | { kind: 'leave'; runId: string | null; why: string };

/** A run in these states is over for the benchmark: what it left is scored as it stands. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'stopped', 'parked']);

/**
 * Resumable by construction: a folder that holds a finished run (succeeded, failed, stopped at
 * its budget, parked) is scored as it is, never run again; a run that was killed or never got
 * going is continued with `atelier resume`. A folder with files but no run is not ours, and a
 * run another process holds is left to it.
 */
export function planProject(state: FolderState): ProjectPlan {
  if (state.kind === 'absent' || state.kind === 'empty') return { kind: 'start' };
  if (state.kind === 'files-without-run') return { kind: 'leave', runId: null, why: 'the folder holds files but no Atelier run: remove it, or give another --projects folder' };
  const newest = [...state.runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (newest === undefined) return { kind: 'leave', runId: null, why: 'the folder has an Atelier store but no run: remove it, or give another --projects folder' };
  if (FINISHED_STATUSES.has(newest.status)) return { kind: 'score', runId: newest.id };
  if (newest.status === 'pending' || newest.interrupted) return { kind: 'resume', runId: newest.id };
  return { kind: 'leave', runId: newest.id, why: `run ${newest.id} is ${newest.status} in another process; let it finish, then run the benchmark again` };
}
