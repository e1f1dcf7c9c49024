import { documentFileName, documentSchema, renderDocumentMarkdown } from '../documents/index.js';
import type { DocumentKind } from '../documents/kinds.js';
import type { DocumentRecord } from '../store/store.js';
import { roleAuthor } from '../workspace/git-author.js';
import { newId } from './ids.js';
import type { PlannedStage, RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';

/** Renders a stored document as its Markdown file in the workspace would show it. */
export async function renderStored(doc: DocumentRecord, services: Pick<RunServices, 'store'>): Promise<string> {
  const lineage = await Promise.all(doc.lineage.map((id) => services.store.getDocument(id)));
  return renderDocumentMarkdown({
    kind: doc.kind as PlannedStage['kind'],
    name: doc.name,
    content: doc.content,
    meta: {
      version: doc.version,
      authorRole: doc.authorRole,
      status: doc.status,
      lineage: lineage.flatMap((d) => (d ? [{ name: d.name, version: d.version }] : [])),
      createdAt: doc.createdAt,
    },
  });
}

export interface PersistRequest {
  run: { id: string; projectId: string };
  name: string;
  kind: DocumentKind;
  content: unknown;
  role: RoleSnapshot;
  lineage: string[];
  where: { stageId: string; taskId?: string | null };
  commitMessage: (doc: DocumentRecord) => string;
}

/** JSON with its object keys sorted, so two equal documents compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/**
 * The version this run already saved of the document, when it is this very content: a run
 * killed after saving a document and resumed saves it once, not as a second, equal version.
 */
async function sameAsLatest(services: Pick<RunServices, 'store'>, request: PersistRequest, content: unknown): Promise<DocumentRecord | undefined> {
  const latest = (await services.store.listDocumentVersions(request.run.projectId, request.name)).at(-1);
  if (!latest || latest.runId !== request.run.id || latest.kind !== request.kind) return undefined;
  if (canonicalJson(latest.lineage) !== canonicalJson(request.lineage) || canonicalJson(latest.content) !== canonicalJson(content)) return undefined;
  return latest;
}

/**
 * Stores a document (validated first: nothing invalid is stored, whoever produced it), writes its
 * Markdown to `docs/`, and commits that file as the role that wrote it, with the events for each.
 */
export async function persistDocument(services: RunServices, request: PersistRequest): Promise<{ doc: DocumentRecord; path: string; sha: string | null }> {
  const { store, events, workspace } = services;
  const valid = documentSchema(request.kind, { sections: request.role.sections }).parse(request.content);
  const doc = (await sameAsLatest(services, request, valid)) ?? (await store.saveDocument({
    id: newId('d'),
    projectId: request.run.projectId,
    runId: request.run.id,
    name: request.name,
    kind: request.kind,
    content: valid,
    authorRole: request.role.id,
    status: 'draft',
    lineage: request.lineage,
  }));
  const path = documentFileName(request.name);
  await workspace.writeFile(path, await renderStored(doc, services));
  await events.emit('document.saved', { id: doc.id, name: doc.name, kind: doc.kind, version: doc.version, path }, request.where);
  const message = request.commitMessage(doc);
  const author = roleAuthor(request.role.id, request.role.displayName);
  const sha = await workspace.commit({ message, author, paths: [path] });
  if (sha) await events.emit('git.commit', { sha, message: message.split('\n')[0] ?? message, author: author.name, files: [path] }, request.where);
  return { doc, path, sha };
}
