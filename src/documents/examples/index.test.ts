import { describe, expect, it } from 'vitest';
import { documentSchema } from '../document-schema.js';
import { DOCUMENT_KINDS } from '../kinds.js';
import { renderDocumentMarkdown } from '../render-document.js';
import { codeChangeSchema } from '../schemas/code-change.js';
import { codeFixSchema } from '../schemas/code-fix.js';
import { testSuiteSchema } from '../schemas/test-suite.js';
import { codeChangeExample, codeFixExample, examples, openApiSpecExample, SECTIONED_EXAMPLE_SECTIONS, testSuiteExample } from './index.js';

const meta = { version: 1, authorRole: 'tester', status: 'draft', lineage: [], createdAt: '2025-05-01T10:00:00.000Z' };

describe('examples', () => {
  it.each(DOCUMENT_KINDS)('the %s example parses with its schema and renders', (kind) => {
    const schema = documentSchema(kind, { sections: [...SECTIONED_EXAMPLE_SECTIONS] });
    expect(schema.parse(examples[kind])).toEqual(examples[kind]);
    const markdown = renderDocumentMarkdown({ kind, name: kind, content: examples[kind], meta });
    expect(markdown).toMatch(/^# \S/);
    expect(markdown.split('\n## ').length).toBeGreaterThan(1);
  });

  it('the OpenAPI, code change, code fix and test suite examples parse too', () => {
    expect(documentSchema('api_spec').parse(openApiSpecExample)).toEqual(openApiSpecExample);
    expect(codeChangeSchema.parse(codeChangeExample)).toEqual(codeChangeExample);
    expect(codeFixSchema.parse(codeFixExample)).toEqual(codeFixExample);
    expect(testSuiteSchema.parse(testSuiteExample)).toEqual(testSuiteExample);
  });
});
