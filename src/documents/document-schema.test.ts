import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentSchema, documentTitle } from './document-schema.js';
import { DOCUMENT_KINDS } from './kinds.js';
import { codeChangeSchema } from './schemas/code-change.js';
import { codeFixSchema } from './schemas/code-fix.js';
import { testSuiteSchema } from './schemas/test-suite.js';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  description?: string;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

function isLeaf(node: JsonSchema): boolean {
  if (node.enum !== undefined || (node.type !== undefined && PRIMITIVES.has(node.type))) return true;
  if (node.type === 'array' && node.items !== undefined) return isLeaf(node.items);
  return node.anyOf !== undefined && node.anyOf.every(isLeaf);
}

/** Every property the model fills must carry its instruction, and every leaf an example. */
function findUndeclared(node: JsonSchema, path = ''): string[] {
  const missing: string[] = [];
  for (const [key, property] of Object.entries(node.properties ?? {})) {
    const at = `${path}.${key}`;
    if (!property.description) missing.push(`${at} has no description`);
    if (isLeaf(property) && !property.examples?.length) missing.push(`${at} has no example`);
    missing.push(...findUndeclared(property, at));
  }
  if (node.items) missing.push(...findUndeclared(node.items, `${path}[]`));
  for (const option of node.anyOf ?? []) missing.push(...findUndeclared(option, path));
  return missing;
}

describe('documentSchema', () => {
  const schemas = [
    ...DOCUMENT_KINDS.map((kind) => [kind, documentSchema(kind, { sections: ['Threat Model', 'Findings'] })] as const),
    ['code_change', codeChangeSchema] as const,
    ['code_fix', codeFixSchema] as const,
    ['test_suite', testSuiteSchema] as const,
  ];

  it.each(schemas)('%s converts to a JSON schema whose every field has a description and every leaf an example', (_kind, schema) => {
    const json = z.toJSONSchema(schema) as JsonSchema;
    expect(json.type).toBe('object');
    expect(json.description).toBeTruthy();
    expect(findUndeclared(json)).toEqual([]);
  });

  it('reports a field declared without instruction or example (the check above can fail)', () => {
    const undeclared = z.object({ title: z.string(), tags: z.array(z.string()).describe('Tags.') });
    expect(findUndeclared(z.toJSONSchema(undeclared) as JsonSchema)).toEqual([
      '.title has no description',
      '.title has no example',
      '.tags has no example',
    ]);
  });

  it('carries the instructions and examples to the model', () => {
    const json = JSON.stringify(z.toJSONSchema(documentSchema('task_plan')));
    expect(json).toContain('Ids of other tasks of this plan that must be done first');
    expect(json).toContain('"examples":["T1"]');
    expect(json).toContain('"pattern":"^T[0-9]+$"');
  });

  it('builds the sectioned schema from the declared sections', () => {
    const json = JSON.stringify(z.toJSONSchema(documentSchema('sectioned', { sections: ['Threat Model'] })));
    expect(json).toContain('"enum":["Threat Model"]');
  });

  it('has a human title for every kind', () => {
    expect(documentTitle('prd')).toBe('Product Requirements Document');
    expect(documentTitle('api_spec')).toBe('API Specification');
    for (const kind of DOCUMENT_KINDS) expect(documentTitle(kind)).not.toBe('');
  });
});
