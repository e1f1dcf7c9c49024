import { describe, expect, it } from 'vitest';
import { atelierDocumentPaths } from './atelier-documents.js';

describe('the rendered documents', () => {
  const isDocument = atelierDocumentPaths(['prd', 'system_design']);

  it('are recognised however a path spells them', () => {
    for (const path of ['docs/prd.md', 'DOCS/PRD.md', './docs/prd.md', 'docs\\prd.md', 'docs\\..\\docs\\prd.md', 'docs/a/../prd.md', 'docs/review_t1.md']) expect(isDocument(path), path).toBe(true);
  });

  it('leave the project’s own docs alone', () => {
    for (const path of ['docs/guide.md', 'docs/prd.md.bak', 'src/docs/prd.md', 'docs/review/notes.md']) expect(isDocument(path), path).toBe(false);
  });
});
