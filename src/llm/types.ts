import type { z } from 'zod';

/** Where a call comes from: recorded in the ledger, named in every error. */
export interface CallContext {
  runId: string;
  stageId: string;
  taskId?: string | null;
  role: string;
  /** Human label for messages, e.g. `stage "write_prd"` or `task T3 of stage "implement"`. */
  label: string;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface StructuredRequest<T> {
  context: CallContext;
  system: string;
  messages: ChatMessage[];
  /** The document's schema: the answer is parsed and validated against it before it is returned. */
  schema: z.ZodType<T>;
  /** Short identifier sent as the JSON schema name, e.g. `prd`. */
  schemaName: string;
  schemaDescription?: string;
  /** Checks beyond the schema (a role's required sections or patterns); returns the problems found. */
  check?: (value: T) => string[];
  temperature?: number;
  maxOutputTokens?: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export interface StructuredResult<T> {
  value: T;
  /** Summed over every attempt, repairs included. */
  usage: LlmUsage;
  attempts: number;
  provider: string;
  model: string;
}

/** Progress the llm layer reports; the engine turns each into an Event. */
export type LlmEvent =
  | { type: 'llm.call.started'; context: CallContext; model: string; attempt: number }
  | {
      type: 'llm.call.finished';
      context: CallContext;
      provider: string;
      model: string;
      source: 'live' | 'replay' | 'cache';
      usage: LlmUsage;
      latencyMs: number;
      requestHash: string;
    }
  | { type: 'llm.call.failed'; context: CallContext; model: string; error: string; willRetry: boolean }
  | { type: 'llm.repair'; context: CallContext; model: string; problems: string[]; attempt: number }
  | { type: 'llm.progress'; context: CallContext; outputChars: number };

export interface LlmClient {
  /** The model answers with an object that passed `schema` (and `check`), or this throws. */
  generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>>;
  /** What a progress view shows as the model, e.g. `openai-compatible:gpt-4o-mini` or `replay`. */
  describe(): { provider: string; model: string };
}
