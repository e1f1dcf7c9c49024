import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashRequest, normalizeRequestText, type HashableRequest } from './request-hash.js';

const base: HashableRequest = {
  system: 'You are the product manager.',
  messages: [{ role: 'user', content: 'Idea: a CLI that tracks my reading list.' }],
  schemaName: 'prd',
};

describe('normalizeRequestText', () => {
  it('collapses whitespace and trims', () => {
    expect(normalizeRequestText('  a \n\n b\t\tc  ')).toBe('a b c');
  });

  it('replaces UUIDs, ISO-8601 timestamps and temp folders with placeholders', () => {
    const text = 'run 3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b at 2025-01-02T03:04:05.678Z in /tmp/atelier-Ab12Cd/src/main.ts';
    expect(normalizeRequestText(text)).toBe('run <uuid> at <timestamp> in <tmp>/src/main.ts');
  });

  it("replaces this machine's temp folder and macOS per-user temp folders", () => {
    expect(normalizeRequestText(`see ${join(tmpdir(), 'atelier-x1')}/a.ts`)).toBe('see <tmp>/a.ts');
    expect(normalizeRequestText('see /var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T/atelier-9/a.ts')).toBe('see <tmp>/a.ts');
  });

  it('leaves a tmp folder inside another path and plain dates alone', () => {
    expect(normalizeRequestText('/home/me/tmp/notes.md due 2025-01-02')).toBe('/home/me/tmp/notes.md due 2025-01-02');
  });

  it('collapses every kind of whitespace run, and leaves single spaces as they are', () => {
    expect(normalizeRequestText('a b\u00a0c \t d  e\u2028\u2028f \n')).toBe('a b c d e f');
  });

  it('follows a change of the temp folder', () => {
    const previous = process.env.TMPDIR;
    try {
      process.env.TMPDIR = '/scratch/atelier-tests';
      const text = 'see /scratch/atelier-tests/atelier-x1/a.ts';
      expect(normalizeRequestText(text)).toBe('see <tmp>/a.ts');
      expect(hashRequest({ ...base, system: text })).toBe(hashRequest({ ...base, system: 'see /tmp/atelier-x2/a.ts' }));
      process.env.TMPDIR = '/elsewhere';
      expect(normalizeRequestText(text)).toBe(text);
      expect(hashRequest({ ...base, system: text })).not.toBe(hashRequest({ ...base, system: 'see /tmp/atelier-x2/a.ts' }));
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });

  it('replaces the given folders, longest first', () => {
    const text = 'write /home/me/projects/reading/src/a.ts';
    expect(normalizeRequestText(text, { paths: ['/home/me/projects', '/home/me/projects/reading/'] })).toBe('write <dir>/src/a.ts');
  });
});

describe('hashRequest', () => {
  it('is a sha256 hex digest, stable for the same request', () => {
    const hash = hashRequest(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRequest({ ...base, messages: [...base.messages] })).toBe(hash);
  });

  it('ignores differences a re-run introduces: ids, clocks, temp folders, whitespace', () => {
    const first = { ...base, system: 'Run 11111111-2222-4333-8444-555555555555 at 2025-01-01T00:00:00Z, folder /tmp/atelier-aaa' };
    const second = { ...base, system: 'Run  66666666-7777-4888-9999-000000000000 at 2026-12-31T23:59:59+02:00,\nfolder /tmp/atelier-bbb ' };
    expect(hashRequest(first)).toBe(hashRequest(second));
  });

  it('matches a request recorded in one workspace with the same request in another', () => {
    const recorded = { ...base, system: 'Workspace: /home/alice/reading' };
    const replayed = { ...base, system: 'Workspace: /srv/ci/build-7/reading' };
    expect(hashRequest(recorded, { paths: ['/home/alice/reading'] })).toBe(hashRequest(replayed, { paths: ['/srv/ci/build-7/reading'] }));
  });

  it('changes when anything that matters changes', () => {
    const hash = hashRequest(base);
    const variants: HashableRequest[] = [
      { ...base, system: 'You are the architect.' },
      { ...base, schemaName: 'system_design' },
      { ...base, model: 'gpt-4.1-mini' },
      { ...base, messages: [{ role: 'user', content: 'Idea: a CLI that tracks my movie list.' }] },
      { ...base, messages: [{ role: 'assistant', content: base.messages[0]!.content }] },
      { ...base, messages: [...base.messages, { role: 'assistant', content: '{}' }] },
    ];
    const hashes = new Set([hash, ...variants.map((variant) => hashRequest(variant))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('does not let text move between fields without changing the hash', () => {
    const a = { ...base, system: 'ab', messages: [{ role: 'user' as const, content: 'c' }] };
    const b = { ...base, system: 'a', messages: [{ role: 'user' as const, content: 'bc' }] };
    expect(hashRequest(a)).not.toBe(hashRequest(b));
  });
});
