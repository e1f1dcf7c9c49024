import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SECTIONED_EXAMPLE_SECTIONS, sectionedExample } from '../examples/sectioned.js';
import { findMissingPatterns, findMissingSections, sectionedDocumentSchema } from './sectioned.js';

describe('sectionedDocumentSchema', () => {
  it('accepts the example with its declared sections', () => {
    expect(sectionedDocumentSchema(SECTIONED_EXAMPLE_SECTIONS).parse(sectionedExample)).toEqual(sectionedExample);
  });

  it('limits headings to the declared sections and shows them to the model', () => {
    const schema = sectionedDocumentSchema(['Threat Model', 'Findings']);
    const result = schema.safeParse({ title: 't', sections: [{ heading: 'Summary', content: 'x' }] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(z.toJSONSchema(schema))).toContain('"enum":["Threat Model","Findings"]');
  });

  it('accepts any heading when the role declares none', () => {
    expect(sectionedDocumentSchema([]).safeParse({ title: 't', sections: [{ heading: 'Anything', content: '' }] }).success).toBe(true);
  });
});

describe('findMissingSections', () => {
  it('names absent and empty sections, ignoring case and spacing', () => {
    const doc = { sections: [{ heading: 'threat  model', content: 'ok' }, { heading: 'Findings', content: '  ' }] };
    expect(findMissingSections(doc, ['Threat Model', 'Findings', 'Recommendations'])).toEqual([
      'section "Findings" is empty',
      'missing section "Recommendations"',
    ]);
  });
});

describe('findMissingPatterns', () => {
  const text = 'Checked against the OWASP Top 10; CVE-2024-1234 does not apply.';

  it('matches regexes case-insensitively and names what is missing', () => {
    expect(findMissingPatterns(text, ['owasp', 'CVE-\\d{4}-\\d+', 'threat model'])).toEqual([
      'missing required pattern "threat model"',
    ]);
  });

  it('treats an invalid regex as literal text', () => {
    expect(findMissingPatterns('Uses C++( templates', ['c++('])).toEqual([]);
    expect(findMissingPatterns('Uses C templates', ['C++('])).toEqual(['missing required pattern "C++("']);
  });
});
