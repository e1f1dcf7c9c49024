import { describe, expect, it } from 'vitest';
import { apiSpecExample, openApiSpecExample } from '../examples/api-spec.js';
import { describeIssues } from '../validate-document.js';
import { apiSpecSchema } from './api-spec.js';

function problems(input: unknown): string[] {
  const result = apiSpecSchema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('apiSpecSchema', () => {
  it('accepts both examples', () => {
    expect(problems(apiSpecExample)).toEqual([]);
    expect(problems(openApiSpecExample)).toEqual([]);
  });

  it('rejects style "openapi" without an OpenAPI document', () => {
    expect(problems({ ...apiSpecExample, style: 'openapi' })).toEqual([
      'openapi: style is "openapi" but `openapi` is missing: add an OpenAPI 3 document or set style to "interface"',
    ]);
  });

  it('rejects style "interface" without interface entries', () => {
    expect(problems({ style: 'interface', summary: 'x', openapi: openApiSpecExample.openapi })).toEqual([
      'interface: style is "interface" but `interface` is missing: add interface.entries or set style to "openapi"',
    ]);
  });

  it('rejects a Swagger 2 document and one without paths', () => {
    const swagger = { ...openApiSpecExample, openapi: { swagger: '2.0', info: {} } };
    expect(problems(swagger)).toEqual([
      'openapi.openapi: openapi.openapi must be a version string starting with "3." (got nothing)',
      'openapi.paths: openapi.paths must be an object mapping each path to its operations',
    ]);
    const old = { ...openApiSpecExample, openapi: { openapi: '2.0', paths: {} } };
    expect(problems(old)).toEqual(['openapi.openapi: openapi.openapi must be a version string starting with "3." (got "2.0")']);
  });
});
