import type { DocumentRecord, RunRecord, Store } from '../store/store.js';
import { listVersionTags, type VersionTag } from '../workspace/version-tags.js';

/** The workflow id a rollback's run record carries: its documents are a whole earlier version's, copied. */
export const ROLLBACK_WORKFLOW = 'rollback';

/**
 * What an Atelier project is now: the version it is at and its current documents, the ones a
 * change builds on. A version is a tagged finished run (a rollback too); a document is current
 * as the newest version that wrote it left it.
 */
export interface ProjectBase {
  projectId: string;
  /** The project's name as the run that made it was planned. */
  projectName: string;
  /** The newest version's run. */
  run: RunRecord;
  /** Its tag, when it has one (a project made before versions were tagged has none). */
  tag?: VersionTag;
  /** By name: the current version of each document. */
  documents: Map<string, DocumentRecord>;
}

/** A run's plan's project name, read loosely (the plan is checked where a run is resumed). */
function plannedName(run: RunRecord): string | undefined {
  const name = (run.plan as { projectName?: unknown } | null)?.projectName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The project in this folder as the versions made it, newest first: the tagged runs of this
 * store, or (before any tag) its succeeded runs. Undefined when no run of it has finished.
 */
export async function projectBase(store: Store, root: string): Promise<ProjectBase | undefined> {
  const tags = (await listVersionTags(root)).reverse();
  const versions: { run: RunRecord; tag?: VersionTag }[] = [];
  for (const tag of tags) {
    const run = tag.runId ? await store.getRun(tag.runId) : undefined;
    // A tag of a run another store holds (a copied repository) or a person's own tag is no version of this project's.
    if (run && run.status === 'succeeded') versions.push({ run, tag });
  }
  if (versions.length === 0) {
    for (const run of await store.listRuns()) if (run.status === 'succeeded') versions.push({ run });
    versions.sort((a, b) => b.run.createdAt.localeCompare(a.run.createdAt));
  }
  const newest = versions[0];
  if (!newest) return undefined;
  const documents = new Map<string, DocumentRecord>();
  for (const { run } of versions) {
    if (run.projectId !== newest.run.projectId) continue;
    for (const doc of await store.listDocuments(run.id)) if (!documents.has(doc.name)) documents.set(doc.name, doc);
    // A rollback copied a whole version's documents: what came before it is not current.
    if (run.workflowId === ROLLBACK_WORKFLOW) break;
  }
  return {
    projectId: newest.run.projectId,
    projectName: plannedName(newest.run) ?? newest.run.projectId,
    run: newest.run,
    ...(newest.tag ? { tag: newest.tag } : {}),
    documents,
  };
}
