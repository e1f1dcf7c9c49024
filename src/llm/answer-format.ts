import { z } from 'zod';

/** Converting a schema costs more than the rest of a call's preparation; a role asks with the same schema every time. */
const converted = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * The JSON Schema a model is asked to follow. `io: 'input'` describes what the schema accepts
 * (defaults may be omitted), which is what the model writes; constructs JSON Schema cannot
 * express (transforms, refinements) become unconstrained, and zod still checks them.
 * Computed once per schema (zod schemas are immutable) and shared: callers must not change it.
 */
export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  let jsonSchema = converted.get(schema);
  if (jsonSchema === undefined) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    jsonSchema = rest;
    converted.set(schema, jsonSchema);
  }
  return jsonSchema;
}

const texts = new WeakMap<Record<string, unknown>, string>();

/** The JSON Schema as the prompt spells it out; a long document schema is serialised once, not on every call. */
export function jsonSchemaText(jsonSchema: Record<string, unknown>): string {
  let text = texts.get(jsonSchema);
  if (text === undefined) {
    text = JSON.stringify(jsonSchema);
    texts.set(jsonSchema, text);
  }
  return text;
}

export interface AnswerFormat {
  schemaName: string;
  schemaDescription?: string;
  jsonSchema: Record<string, unknown>;
}

/**
 * The system prompt with the answer format appended. It is added for every provider, not only
 * those without native structured output: it helps models that follow `response_format`
 * loosely, and it keeps the request (and so its hash) the same whichever provider answers.
 */
export function withAnswerFormat(system: string, format: AnswerFormat): string {
  const described = format.schemaDescription ? ` (${format.schemaDescription})` : '';
  return [
    system.trimEnd(),
    '',
    '## Answer format',
    `Answer with exactly one JSON object, a "${format.schemaName}"${described}, that conforms to this JSON Schema:`,
    jsonSchemaText(format.jsonSchema),
    'Output only that JSON object: no Markdown code fences, no text before or after it.',
  ].join('\n');
}

/** The user turn that asks the model to fix its previous answer; deterministic, so replays hash alike. */
export function repairMessage(problems: readonly string[]): string {
  return [
    'Your previous answer was not accepted. Problems found:',
    ...problems.map((problem) => `- ${problem}`),
    'Answer again with the complete, corrected JSON object only (every field, not just the fixed ones), with no code fences and no other text.',
  ].join('\n');
}
