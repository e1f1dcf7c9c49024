import { toJsonText } from './json-column.js';
import { nextOrdinalInRun, type QueryContext } from './query-context.js';
import { documentFromRow } from './row-mappers.js';
import type { DocumentRecord, Store } from './store.js';
import { StoreError } from './store-error.js';

type DocumentQueries = Pick<
  Store,
  'saveDocument' | 'getDocument' | 'listDocuments' | 'listDocumentVersions' | 'setDocumentStatus'
>;

/** Versioned documents: each save of a name in a project is the next version. */
export function documentQueries({ db, guard, now }: QueryContext): DocumentQueries {
  return {
    saveDocument: (doc) =>
      guard(`save document "${doc.name}" of run ${doc.runId}`, async () => {
        // The version is computed by the insert itself: one statement is one transaction, so
        // two concurrent saves of the same name can never read the same maximum. The unique
        // (project_id, name, version) constraint backs this up on any backend.
        const row = await db
          .insertInto('documents')
          .values({
            id: doc.id,
            project_id: doc.projectId,
            run_id: doc.runId,
            ordinal: nextOrdinalInRun('documents', doc.runId),
            name: doc.name,
            kind: doc.kind,
            version: (eb) =>
              eb
                .selectFrom('documents')
                .where('project_id', '=', doc.projectId)
                .where('name', '=', doc.name)
                .select((sub) => sub(sub.fn.coalesce(sub.fn.max('version'), sub.lit(0)), '+', 1).as('next')),
            content_json: toJsonText(doc.content, `the content of document "${doc.name}"`),
            author_role: doc.authorRole,
            status: doc.status,
            lineage_json: toJsonText(doc.lineage, `the lineage of document "${doc.name}"`),
            created_at: now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return documentFromRow(row);
      }),

    getDocument: (id) =>
      guard(`read document ${id}`, async () => {
        const row = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
        return row && documentFromRow(row);
      }),

    listDocuments: (runId) =>
      guard(`list the documents of run ${runId}`, async () => {
        const rows = await db
          .selectFrom('documents')
          .selectAll()
          .where('run_id', '=', runId)
          .orderBy('ordinal')
          .execute();
        // Keyed by name in order of first creation (Map keeps insertion order); later rows of
        // the same name replace the value but keep the position.
        const latest = new Map<string, DocumentRecord>();
        for (const row of rows) {
          const current = latest.get(row.name);
          if (current === undefined || row.version > current.version) latest.set(row.name, documentFromRow(row));
        }
        return [...latest.values()];
      }),

    listDocumentVersions: (projectId, name) =>
      guard(`list the versions of document "${name}" in project ${projectId}`, async () => {
        const rows = await db
          .selectFrom('documents')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('name', '=', name)
          .orderBy('version')
          .execute();
        return rows.map(documentFromRow);
      }),

    setDocumentStatus: (id, status) =>
      guard(`set the status of document ${id} to ${status}`, async () => {
        const result = await db.updateTable('documents').set({ status }).where('id', '=', id).executeTakeFirst();
        if (result.numUpdatedRows === 0n) {
          throw new StoreError(`could not set the status of document ${id}`, 'there is no such document');
        }
      }),
  };
}
