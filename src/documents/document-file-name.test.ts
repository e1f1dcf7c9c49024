import { describe, expect, it } from 'vitest';
import { documentFileName } from './document-file-name.js';

describe('documentFileName', () => {
  it('puts the document under docs/ with a safe name', () => {
    expect(documentFileName('prd')).toBe('docs/prd.md');
    expect(documentFileName('System Design')).toBe('docs/system-design.md');
    expect(documentFileName('../../etc/passwd')).toBe('docs/etc-passwd.md');
    expect(documentFileName('notes.md')).toBe('docs/notes.md');
    expect(documentFileName('  ')).toBe('docs/document.md');
    expect(documentFileName('con')).toBe('docs/doc-con.md');
    expect(documentFileName('x'.repeat(300))).toBe(`docs/${'x'.repeat(100)}.md`);
  });
});
