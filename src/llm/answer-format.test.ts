import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerJsonSchema, jsonSchemaText, schemaFingerprint, withAnswerFormat } from './answer-format.js';

const prd = z.object({ title: z.string().describe('What the product is called'), tags: z.array(z.string()).default([]) });

describe('answerJsonSchema', () => {
  it('describes what the schema accepts, without the dialect, converted once per schema', () => {
    const jsonSchema = answerJsonSchema(prd);
    expect(jsonSchema).toMatchObject({ type: 'object', properties: { title: { type: 'string', description: 'What the product is called' } }, required: ['title'] });
    expect(jsonSchema).not.toHaveProperty('$schema');
    expect(answerJsonSchema(prd)).toBe(jsonSchema);
    expect(answerJsonSchema(prd.extend({ summary: z.string() }))).not.toBe(jsonSchema);
  });
});

describe('withAnswerFormat', () => {
  const jsonSchema = answerJsonSchema(prd);
  const format = { schemaName: 'prd', jsonSchema };

  it('closes the last user turn with the schema as JSON, where the endpoint is not known to show it', () => {
    const messages = withAnswerFormat([{ role: 'user', content: 'Shared documents' }, { role: 'user', content: 'Write the PRD.  \n' }], format, false);
    expect(jsonSchemaText(jsonSchema)).toBe(JSON.stringify(jsonSchema));
    expect(messages[0]).toEqual({ role: 'user', content: 'Shared documents' });
    expect(messages[1]!.content.split('\n')).toEqual([
      'Write the PRD.',
      '',
      '## Answer format',
      'Answer with exactly one JSON object, a "prd", that conforms to this JSON Schema:',
      JSON.stringify(jsonSchema),
      'Output only that JSON object: no Markdown code fences, no text before or after it.',
    ]);
  });

  it('names the format without repeating the schema where the endpoint shows the model its response_format', () => {
    const [message] = withAnswerFormat([{ role: 'user', content: 'Write the PRD.' }], format, true);
    expect(message!.content).toContain('conforms to the JSON Schema of the response format');
    expect(message!.content).not.toContain('"properties"');
  });

  it('keeps the format in the asking turn when the conversation goes on with an answer and a repair', () => {
    const asked = withAnswerFormat([{ role: 'user', content: 'Write the PRD.' }], format, false);
    const repaired = withAnswerFormat([{ role: 'user', content: 'Write the PRD.' }, { role: 'assistant', content: '{}' }, { role: 'user', content: 'Fix it.' }], format, false);
    expect(repaired[0]).toEqual(asked[0]);
    expect(repaired[2]).toEqual({ role: 'user', content: 'Fix it.' });
  });
});

describe('schemaFingerprint', () => {
  it('names a schema by its content: the same schema the same, a changed one differently', () => {
    expect(schemaFingerprint(answerJsonSchema(prd))).toBe(schemaFingerprint(answerJsonSchema(prd)));
    expect(schemaFingerprint(answerJsonSchema(prd))).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaFingerprint(answerJsonSchema(prd.extend({ summary: z.string() })))).not.toBe(schemaFingerprint(answerJsonSchema(prd)));
  });
});
