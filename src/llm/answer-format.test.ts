import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answerJsonSchema, jsonSchemaText, withAnswerFormat } from './answer-format.js';

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
  it('appends the schema as JSON to the system prompt', () => {
    const jsonSchema = answerJsonSchema(prd);
    const system = withAnswerFormat('You are the product manager.  \n', { schemaName: 'prd', jsonSchema });
    expect(jsonSchemaText(jsonSchema)).toBe(JSON.stringify(jsonSchema));
    expect(system.split('\n')).toEqual([
      'You are the product manager.',
      '',
      '## Answer format',
      'Answer with exactly one JSON object, a "prd", that conforms to this JSON Schema:',
      JSON.stringify(jsonSchema),
      'Output only that JSON object: no Markdown code fences, no text before or after it.',
    ]);
  });
});
