import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChatMessage } from './types.js';

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

/** A short fingerprint of the schema: request hashes key on it, so where its text is sent does not change them. */
export function schemaFingerprint(jsonSchema: Record<string, unknown>): string {
  let fingerprint = fingerprints.get(jsonSchema);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(jsonSchemaText(jsonSchema)).digest('hex').slice(0, 16);
    fingerprints.set(jsonSchema, fingerprint);
  }
  return fingerprint;
}

const fingerprints = new WeakMap<Record<string, unknown>, string>();

/**
 * The answer format as the prompt states it. With `schemaShown` (the endpoint shows the model
 * the `response_format` schema itself) the schema is not repeated: it would be paid for twice.
 * Otherwise it is spelled out, so a model behind a gateway that drops `response_format` still
 * sees it.
 */
export function answerFormatText(format: AnswerFormat, schemaShown: boolean): string {
  const described = format.schemaDescription ? ` (${format.schemaDescription})` : '';
  const lines = ['## Answer format'];
  if (schemaShown) {
    lines.push(`Answer with exactly one JSON object, a "${format.schemaName}"${described}, that conforms to the JSON Schema of the response format.`);
  } else {
    lines.push(`Answer with exactly one JSON object, a "${format.schemaName}"${described}, that conforms to this JSON Schema:`, jsonSchemaText(format.jsonSchema));
  }
  lines.push('Output only that JSON object: no Markdown code fences, no text before or after it.');
  return lines.join('\n');
}

/**
 * The messages as sent: the answer format closes the request's own last user turn (the one
 * before any answer and repair), after the call-specific text, so everything before it (the
 * system prompt, the run's shared documents) stays a prefix the provider's cache can reuse.
 */
export function withAnswerFormat(messages: readonly ChatMessage[], format: AnswerFormat, schemaShown: boolean): ChatMessage[] {
  const firstAnswer = messages.findIndex((message) => message.role === 'assistant');
  const asked = firstAnswer === -1 ? messages.length : firstAnswer;
  let last = -1;
  for (let index = 0; index < asked; index++) if (messages[index]!.role === 'user') last = index;
  const text = answerFormatText(format, schemaShown);
  if (last === -1) return [{ role: 'user', content: text }, ...messages];
  return messages.map((message, index) => (index === last ? { ...message, content: `${message.content.trimEnd()}\n\n${text}` } : message));
}

/** The user turn that asks the model to fix its previous answer; deterministic, so replays hash alike. */
export function repairMessage(problems: readonly string[]): string {
  return [
    'Your previous answer was not accepted. Problems found:',
    ...problems.map((problem) => `- ${problem}`),
    'Answer again with the complete, corrected JSON object only (every field, not just the fixed ones), with no code fences and no other text.',
  ].join('\n');
}
