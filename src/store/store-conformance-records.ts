import { describe, expect, it } from 'vitest';
import type { ModelCallRecord, NewDocument, RunRecord, Store } from './store.js';
import { StoreError } from './store-error.js';

/**
 * The second half of the conformance suite: documents, events, model calls, the response cache
 * and JSON fidelity. Runs inside `describeStoreConformance`, which provides a store holding
 * project `p1` and run `r1`.
 */
export function describeRecordConformance(
  getStore: () => Store,
  newRun: (id: string, projectId?: string) => Promise<RunRecord>,
): void {
  const doc = (id: string, name: string, extra: Partial<NewDocument> = {}): NewDocument => ({
    id,
    projectId: 'p1',
    runId: 'r1',
    name,
    kind: name,
    content: { title: `${name} ${id}` },
    authorRole: 'product_manager',
    status: 'draft',
    lineage: [],
    ...extra,
  });

  describe('documents', () => {
    it('numbers the versions of a name 1, 2, 3 and reads each back by id', async () => {
      const store = getStore();
      const first = await store.saveDocument(doc('d1', 'prd'));
      const second = await store.saveDocument(doc('d2', 'prd', { lineage: ['d1'], status: 'approved' }));
      const third = await store.saveDocument(doc('d3', 'prd'));
      expect([first.version, second.version, third.version]).toEqual([1, 2, 3]);
      expect(second).toMatchObject({ ...doc('d2', 'prd', { lineage: ['d1'], status: 'approved' }), version: 2 });
      expectIsoTimestamp(second.createdAt);
      expect(await store.getDocument('d2')).toEqual(second);
      expect(await store.getDocument('nope')).toBeUndefined();
      expect(await store.listDocumentVersions('p1', 'prd')).toEqual([first, second, third]);
    });

    it('gives concurrent saves of the same name distinct versions', async () => {
      const store = getStore();
      const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
      const saved = await Promise.all(ids.map((id) => store.saveDocument(doc(id, 'system_design'))));
      expect(saved.map((d) => d.version).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
      const versions = await store.listDocumentVersions('p1', 'system_design');
      expect(versions.map((d) => d.version)).toEqual(ids.map((_, i) => i + 1));
    });

    it('counts versions per project and name', async () => {
      const store = getStore();
      await store.upsertProject({ id: 'p2', name: 'Other', root: '/o' });
      await newRun('r2', 'p2');
      await store.saveDocument(doc('a1', 'prd'));
      await store.saveDocument(doc('a2', 'prd'));
      expect((await store.saveDocument(doc('b1', 'api_spec'))).version).toBe(1);
      expect((await store.saveDocument(doc('c1', 'prd', { projectId: 'p2', runId: 'r2' }))).version).toBe(1);
      expect(await store.listDocumentVersions('p2', 'api_spec')).toEqual([]);
    });

    it('lists the latest version of each name a run produced, in order of first creation', async () => {
      const store = getStore();
      await newRun('r2');
      await store.saveDocument(doc('prd-1', 'prd'));
      await store.saveDocument(doc('design-1', 'system_design'));
      await store.saveDocument(doc('prd-2', 'prd'));
      await store.saveDocument(doc('review-1', 'review'));
      await store.saveDocument(doc('design-2', 'system_design', { runId: 'r2' }));

      const r1 = await store.listDocuments('r1');
      expect(r1.map((d) => [d.id, d.version])).toEqual([
        ['prd-2', 2],
        ['design-1', 1],
        ['review-1', 1],
      ]);
      expect((await store.listDocuments('r2')).map((d) => [d.id, d.version])).toEqual([['design-2', 2]]);
      expect(await store.listDocuments('r3')).toEqual([]);
    });

    it('changes the status of one version only', async () => {
      const store = getStore();
      await store.saveDocument(doc('d1', 'prd'));
      await store.saveDocument(doc('d2', 'prd'));
      await store.setDocumentStatus('d2', 'approved');
      expect((await store.listDocumentVersions('p1', 'prd')).map((d) => d.status)).toEqual(['draft', 'approved']);
      await expect(store.setDocumentStatus('nope', 'rejected')).rejects.toSatisfy(isStoreError);
    });

    it('refuses a duplicate id or an unknown run without using up a version', async () => {
      const store = getStore();
      await store.saveDocument(doc('d1', 'prd'));
      await expect(store.saveDocument(doc('d1', 'prd'))).rejects.toSatisfy(isStoreError);
      await expect(store.saveDocument(doc('d9', 'prd', { runId: 'no-run' }))).rejects.toThrow(/prd/);
      expect((await store.saveDocument(doc('d2', 'prd'))).version).toBe(2);
    });
  });

  describe('events', () => {
    it('appends with increasing seq and a timestamp, and lists them in append order', async () => {
      const store = getStore();
      await newRun('r2');
      const started = await store.appendEvent({ runId: 'r1', type: 'run.started', payload: { idea: 'x' } });
      await store.appendEvent({ runId: 'r2', type: 'run.started', payload: {} });
      const stage = await store.appendEvent({
        runId: 'r1',
        type: 'stage.started',
        stageId: 'write_prd',
        payload: { model: 'm' },
      });
      const task = await store.appendEvent({
        runId: 'r1',
        type: 'task.done',
        stageId: 'implement',
        taskId: 'T1',
        payload: { files: ['a.ts'] },
      });

      expect(started).toMatchObject({ runId: 'r1', type: 'run.started', stageId: null, taskId: null });
      expectIsoTimestamp(started.at);
      expect(stage.seq).toBeGreaterThan(started.seq);
      expect(task.seq).toBeGreaterThan(stage.seq);
      expect(await store.listEvents('r1')).toEqual([started, stage, task]);
      expect(await store.listEvents('r1', started.seq)).toEqual([stage, task]);
      expect(await store.listEvents('r1', task.seq)).toEqual([]);
      expect(await store.listEvents('r1', 0)).toHaveLength(3);
      expect((await store.listEvents('r2')).map((e) => e.type)).toEqual(['run.started']);
    });

    it('lists only the event types asked for, in append order, after a sequence number too', async () => {
      const store = getStore();
      const types = ['run.started', 'llm.retry', 'stage.started', 'llm.retry', 'task.started', 'llm.retry'];
      const events = [];
      for (const type of types) events.push(await store.appendEvent({ runId: 'r1', type, payload: {} }));
      const [, , stage, , task] = events;
      expect(await store.listEvents('r1', undefined, ['task.started', 'stage.started'])).toEqual([stage, task]);
      expect(await store.listEvents('r1', stage!.seq, ['task.started', 'stage.started'])).toEqual([task]);
      expect(await store.listEvents('r1', undefined, [])).toEqual([]);
      expect(await store.listEvents('r1', undefined, ['run.finished'])).toEqual([]);
    });

    it('keeps the order of many concurrent appends', async () => {
      const store = getStore();
      const appended = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.appendEvent({ runId: 'r1', type: 'tick', payload: { i } })),
      );
      const listed = await store.listEvents('r1');
      expect(listed).toEqual([...appended].sort((a, b) => a.seq - b.seq));
      expect(new Set(listed.map((e) => e.seq)).size).toBe(20);
    });

    it('refuses an event for an unknown run', async () => {
      await expect(getStore().appendEvent({ runId: 'nope', type: 'x', payload: {} })).rejects.toThrow(/nope/);
    });
  });

  describe('model calls', () => {
    const call = (id: string, runId: string, extra: Partial<ModelCallRecord> = {}): ModelCallRecord => ({
      id,
      runId,
      stageId: 'write_prd',
      taskId: null,
      role: 'product_manager',
      provider: 'openrouter',
      model: 'openai/gpt-4o-mini',
      requestHash: `hash-${id}`,
      inputTokens: 1200,
      outputTokens: 340,
      cachedInputTokens: 1024,
      latencyMs: 2150,
      source: 'live',
      costUsd: '0.000384',
      at: '2025-01-01T10:00:00.000Z',
      ...extra,
    });

    it('records calls and lists those of one run in the order recorded', async () => {
      const store = getStore();
      await newRun('r2');
      const later = call('m1', 'r1', { at: '2025-01-01T11:00:00.000Z', source: 'replay', costUsd: null });
      const earlier = call('m2', 'r1', { taskId: 'T1', role: null, stageId: null, source: 'cache' });
      await store.recordModelCall(later);
      await store.recordModelCall(call('m3', 'r2'));
      await store.recordModelCall(earlier);
      expect(await store.listModelCalls('r1')).toEqual([later, earlier]);
      expect(await store.listModelCalls('r2')).toEqual([call('m3', 'r2')]);
    });

    it('settles a reserved call in its place, and forgets only reserved ones', async () => {
      const store = getStore();
      const reserved = call('m1', 'r1', { source: 'reserved', inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: '0.05' });
      await store.recordModelCall(reserved);
      await store.recordModelCall(call('m2', 'r1'));
      const settled = call('m1', 'r1', { at: '2025-01-01T10:00:03.000Z' });
      await store.recordModelCall(settled);
      expect(await store.listModelCalls('r1')).toEqual([settled, call('m2', 'r1')]);
      await store.recordModelCall(call('m3', 'r1', { source: 'reserved' }));
      await store.forgetModelCall('m3');
      // A settled call is the ledger's for good.
      await store.forgetModelCall('m1');
      expect((await store.listModelCalls('r1')).map((c) => c.id)).toEqual(['m1', 'm2']);
    });
  });

  describe('response cache', () => {
    it('misses, stores, and overwrites a response by request hash', async () => {
      const store = getStore();
      expect(await store.getCachedResponse('h1')).toBeUndefined();
      await store.putCachedResponse('h1', { text: 'first', usage: { inputTokens: 3 } });
      const first = await store.getCachedResponse('h1');
      expect(first).toMatchObject({ requestHash: 'h1', response: { text: 'first', usage: { inputTokens: 3 } } });
      expectIsoTimestamp(first?.createdAt);
      await store.putCachedResponse('h1', ['second']);
      expect((await store.getCachedResponse('h1'))?.response).toEqual(['second']);
      expect(await store.getCachedResponse('h2')).toBeUndefined();
    });
  });

  describe('JSON fields', () => {
    const rich = {
      text: 'quotes " and \\ backslashes,\nnewlines, tabs\t, accents é, 漢字, emoji 🚀',
      empty: '',
      numbers: [0, -1, 3.14159, 1e-7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      flags: [true, false],
      nothing: null,
      nested: { deep: { deeper: [[], {}, [{ a: [1, { b: null }] }]] } },
      'key with spaces & symbols': 'ok',
    };

    it('round-trip exactly through every JSON-valued field', async () => {
      const store = getStore();
      await store.createRun({ id: 'rj', projectId: 'p1', idea: 'i', workflowId: 'w', status: 'running', plan: rich, error: null });
      expect((await store.getRun('rj'))?.plan).toStrictEqual(rich);
      await store.updateRun('rj', { plan: [rich, 'second'] });
      expect((await store.getRun('rj'))?.plan).toStrictEqual([rich, 'second']);

      await store.upsertTask({ runId: 'rj', stageId: 's', taskId: 't', title: 't', status: 'todo', attempts: 0, spec: rich, error: null });
      expect((await store.listTasks('rj'))[0]?.spec).toStrictEqual(rich);

      const saved = await store.saveDocument(doc('dj', 'prd', { runId: 'rj', content: rich, lineage: ['a', 'b'] }));
      expect((await store.getDocument(saved.id))?.content).toStrictEqual(rich);
      expect((await store.getDocument(saved.id))?.lineage).toStrictEqual(['a', 'b']);
      expect((await store.saveDocument(doc('ds', 'notes', { runId: 'rj', content: 'plain text' }))).content).toBe('plain text');

      const event = await store.appendEvent({ runId: 'rj', type: 'x', payload: rich });
      expect((await store.listEvents('rj'))[0]?.payload).toStrictEqual(rich);
      expect(event.payload).toStrictEqual(rich);

      await store.putCachedResponse('hj', rich);
      expect((await store.getCachedResponse('hj'))?.response).toStrictEqual(rich);
      await store.putCachedResponse('hn', 42);
      expect((await store.getCachedResponse('hn'))?.response).toBe(42);
    });

    it('refuses a value JSON cannot hold, and writes nothing', async () => {
      const store = getStore();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(store.appendEvent({ runId: 'r1', type: 'x', payload: { n: 1n } })).rejects.toSatisfy(
        isStoreError,
      );
      await expect(store.updateRun('r1', { plan: cyclic })).rejects.toThrow(/plan/);
      expect(await store.listEvents('r1')).toEqual([]);
      expect((await store.getRun('r1'))?.plan).toEqual({ stages: ['prd', 'design'] });
    });
  });
}

/** `StoreError.isInstance` reads `this` (it is inherited), so matchers get it wrapped, not unbound. */
export const isStoreError = (value: unknown): boolean => StoreError.isInstance(value);

export function expectIsoTimestamp(value: string | undefined): void {
  expect(value).toBeTypeOf('string');
  expect(new Date(value ?? '').toISOString()).toBe(value);
}
