import type { z } from 'zod';

/** Where a call comes from: recorded in the ledger, named in every error. */
export interface CallContext {
  runId: string;
  stageId: string;
  taskId?: string | null;
  role: string;
  /** Human label for messages, e.g. `stage "write_prd"` or `task T3 of stage "implement"`. */
  label: string;
  /** The role's `model_preferences` (context in tokens); selection reads them when given. */
  modelPreferences?: ModelPreferences;
  /** The workflow stage's `model:` key: pins this stage's primary model. */
  stageModel?: string;
}

/** What a role asks of its model (role YAML `model_preferences`, context size resolved to tokens). */
export interface ModelPreferences {
  contextTokens?: number;
  reasoning?: 'basic' | 'standard' | 'strong';
  temperature?: number;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  /**
   * Ends a stable prefix (the run's shared documents, a role's standing prompt): providers that
   * cache only at marked places (Anthropic's `cache_control`) are told to cache up to here.
   * Not part of the request hash: it changes nothing the model reads.
   */
  cacheBreakpoint?: boolean;
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
  | { type: 'llm.call.started'; context: CallContext; provider?: string; model: string; attempt: number }
  | {
      type: 'llm.call.finished';
      context: CallContext;
      provider: string;
      model: string;
      source: 'live' | 'replay' | 'cache';
      usage: LlmUsage;
      latencyMs: number;
      requestHash: string;
      /** Exact decimal USD; '0' for cache and replay; null when the price is unknown. */
      costUsd?: string | null;
      /** Where the cost came from: the provider's own report, the catalog's prices, or none. */
      costSource?: 'provider' | 'catalog' | 'free' | 'unknown';
      /** The model asked (`provider:model`), when another one answered: a gateway's choice, or a cached answer of a backup. */
      asked?: string;
    }
  | {
      type: 'llm.call.failed';
      context: CallContext;
      model: string;
      error: string;
      willRetry: boolean;
      statusCode?: number;
      /** transient (retried, then the backup), permanent (the run stops), context (too large), invalid (schema). */
      failure?: 'transient' | 'permanent' | 'context' | 'invalid';
      /** What the provider billed before the call broke (its usage had arrived); the ledger has a row for it. */
      usage?: LlmUsage;
      costUsd?: string | null;
    }
  | { type: 'llm.repair'; context: CallContext; model: string; problems: string[]; attempt: number }
  | { type: 'llm.progress'; context: CallContext; outputChars: number }
  /** The model picked for a call: the primary, its backups, and why. Emitted when a stage's choice is first made or changes. */
  | {
      type: 'llm.model.selected';
      context: CallContext;
      task: string;
      primary: string;
      backups: string[];
      reasons: string[];
      /** Set when the budget made selection pass over the model it would have chosen (never a pinned one). */
      insteadOf?: { model: string; reason: string };
    }
  /** A transient failure will be retried on the same model after `delayMs`. */
  | { type: 'llm.retry'; context: CallContext; model: string; attempt: number; delayMs: number; reason: string }
  /** The next model in the chain takes over. */
  | { type: 'llm.fallback'; context: CallContext; from: string; to: string; reason: string }
  /** A call waited for a rate limit (configured, or learned from x-ratelimit-* headers). */
  | { type: 'llm.rate_limited'; context: CallContext; model: string; waitedMs: number; limit: string }
  /** A budget is set, but this model's price is unknown: its calls cannot be counted against it. Said once, before its first call. */
  | { type: 'llm.budget.unpriced'; context: CallContext; model: string; warning: string }
  /** The budget cannot cover the next call's worst case: nothing was sent. */
  | { type: 'llm.budget.exceeded'; context: CallContext; spentUsd: string; limitUsd: string; neededUsd: string };

export interface LlmClient {
  /** The model answers with an object that passed `schema` (and `check`), or this throws. */
  generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>>;
  /** What a progress view shows as the model, e.g. `openai-compatible:gpt-4o-mini` or `replay`. */
  describe(): { provider: string; model: string };
  /** The primary model a stage's calls go to (selection is per task); `describe()` when absent. */
  describeStage?(stage: Pick<CallContext, 'stageId' | 'role' | 'modelPreferences' | 'stageModel'>): { provider: string; model: string };
}
