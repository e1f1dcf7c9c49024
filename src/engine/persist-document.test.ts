import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/index.js';
import { openWorkspace } from '../workspace/workspace.js';
import { todoCliDocuments } from '../../test/support/scenarios/todo-cli.js';
import { RunEvents } from './events.js';
import { persistDocument, type PersistRequest } from './persist-document.js';
import type { RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';

const role = { id: 'product_manager', displayName: 'Product Manager', sections: undefined } as unknown as RoleSnapshot;

async function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'atelier-persist-'));
  const store = await openSqliteStore(join(root, '.atelier', 'atelier.db'));
  await store.upsertProject({ id: 'p', name: 'p', root });
  for (const id of ['r-1', 'r-2']) await store.createRun({ id, projectId: 'p', idea: 'x', workflowId: 'standard', status: 'running', plan: {}, error: null });
  const services = { store, workspace: await openWorkspace(root), events: new RunEvents(store, 'r-1') } as unknown as RunServices;
  const request = (runId: string, content: unknown): PersistRequest => ({
    run: { id: runId, projectId: 'p' },
    name: 'prd',
    kind: 'prd',
    content,
    role,
    lineage: [],
    where: { stageId: 'write_prd' },
    commitMessage: (doc) => `PRD v${doc.version}`,
  });
  return { store, services, request };
}

describe('saving a document', () => {
  it('saves the same content of the same run once (a resume after a kill that came right after the save)', async () => {
    const { store, services, request } = await setUp();
    const first = await persistDocument(services, request('r-1', todoCliDocuments.prd));
    const again = await persistDocument(services, request('r-1', structuredClone(todoCliDocuments.prd)));
    expect(again.doc.id).toBe(first.doc.id);
    expect((await store.listDocumentVersions('p', 'prd')).map((doc) => doc.version)).toEqual([1]);

    // New content, or another run: a new version, as ever.
    await persistDocument(services, request('r-1', { ...todoCliDocuments.prd, product_goals: ['a different goal'] }));
    await persistDocument(services, request('r-2', { ...todoCliDocuments.prd, product_goals: ['a different goal'] }));
    expect((await store.listDocumentVersions('p', 'prd')).map((doc) => doc.version)).toEqual([1, 2, 3]);
    await store.close();
  });
});
