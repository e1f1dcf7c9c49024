import { z } from 'zod';

/**
 * The JSON Schema a model is asked to follow. `io: 'input'` describes what the schema accepts
 * (defaults may be omitted), which is what the model writes; constructs JSON Schema cannot
 * express (transforms, refinements) become unconstrained, and zod still checks them.
 */
export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return jsonSchema;
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
    JSON.stringify(format.jsonSchema),
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
