import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectIndex } from './project-index.js';
import { expectIsoTimestamp, isStoreError } from './store-conformance-records.js';

/**
 * The behaviour every `ProjectIndex` backend must show; `makeIndex` must return a fresh, empty
 * index each time.
 */
export function describeProjectIndexConformance(name: string, makeIndex: () => Promise<ProjectIndex>): void {
  describe(`ProjectIndex conformance: ${name}`, () => {
    let index: ProjectIndex;
    beforeEach(async () => {
      index = await makeIndex();
    });
    afterEach(async () => {
      await index.close();
    });

    it('remembers a project, lists it and forgets it', async () => {
      expect(await index.list()).toEqual([]);
      const known = await index.remember({ root: '/work/reading-list', name: 'Reading list' });
      expect(known).toMatchObject({ root: '/work/reading-list', name: 'Reading list' });
      expectIsoTimestamp(known.firstSeen);
      expect(known.lastSeen).toBe(known.firstSeen);
      expect(await index.list()).toEqual([known]);

      await index.forget('/work/reading-list');
      expect(await index.list()).toEqual([]);
      await index.forget('/work/never-seen');
    });

    it('updates the name and lastSeen of a known root, keeping firstSeen, and lists it first', async () => {
      const first = await index.remember({ root: '/work/a', name: 'A' });
      await index.remember({ root: '/work/b', name: 'B' });
      await index.remember({ root: '/work/c', name: 'C' });
      expect((await index.list()).map((p) => p.root)).toEqual(['/work/c', '/work/b', '/work/a']);

      await new Promise((resolve) => setTimeout(resolve, 5));
      const again = await index.remember({ root: '/work/a', name: 'A renamed' });
      expect(again).toMatchObject({ root: '/work/a', name: 'A renamed', firstSeen: first.firstSeen });
      expect(Date.parse(again.lastSeen)).toBeGreaterThan(Date.parse(first.lastSeen));
      // Within one millisecond too: the order is by sighting, not by timestamp.
      await index.remember({ root: '/work/b', name: 'B' });
      await index.remember({ root: '/work/c', name: 'C' });
      await index.remember({ root: '/work/b', name: 'B' });
      expect((await index.list()).map((p) => p.root)).toEqual(['/work/b', '/work/c', '/work/a']);
      expect(await index.list()).toHaveLength(3);
    });

    it('keys projects by their resolved path', async () => {
      await index.remember({ root: '/work/app/', name: 'App' });
      await index.remember({ root: '/work/other/../app', name: 'App again' });
      expect((await index.list()).map((p) => [p.root, p.name])).toEqual([['/work/app', 'App again']]);
      await index.remember({ root: 'relative/project', name: 'Here' });
      expect((await index.list())[0]?.root).toBe(path.resolve('relative/project'));
      await index.forget('/work/app/.');
      await index.forget('relative/project');
      expect(await index.list()).toEqual([]);
    });

    it('refuses work after close with a StoreError', async () => {
      await index.close();
      await index.close();
      await expect(index.list()).rejects.toSatisfy(isStoreError);
      await expect(index.remember({ root: '/x', name: 'x' })).rejects.toThrow(/project index has been closed/);
    });
  });
}
