import { jsonSchemaText, type AnswerFormat } from './answer-format.js';
import type { ChatMessage } from './types.js';

/** Chat templates add a few tokens around every message. */
const PER_MESSAGE = 8;

/**
 * A deliberately high estimate of a prompt's tokens (three characters a token, where English
 * and JSON average nearer four): it decides whether a prompt fits a context and what a call
 * could cost at worst, where guessing low is the mistake that hurts.
 */
export function estimatePromptTokens(system: string, messages: readonly ChatMessage[], format?: AnswerFormat): number {
  let chars = system.length;
  for (const message of messages) chars += message.content.length;
  if (format) chars += jsonSchemaText(format.jsonSchema).length;
  return Math.ceil(chars / 3) + PER_MESSAGE * (messages.length + 1);
}
