import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openCassette, type Cassette } from '../llm/cassette.js';
import { createLanguageModel } from '../llm/create-language-model.js';
import { createLlmClient } from '../llm/llm-client.js';
import { resolveModelSpec, type ModelSpec } from '../llm/model-config.js';
import type { LlmFactory } from '../engine/start-run.js';

export interface ModelOptions {
  model?: string;
  baseUrl?: string;
  record?: string;
  replay?: string;
}

/**
 * Decides, before anything is written, where answers come from: a cassette (replay: no model,
 * no network) or a live model (optionally recording to a cassette). Errors here are the user's
 * configuration errors and stop the command with their message.
 */
export async function prepareModel(options: ModelOptions, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ createLlm: LlmFactory; close: () => Promise<void> }> {
  if (options.record && options.replay) throw new UsageError('--record and --replay cannot be used together');
  let cassette: Cassette | undefined;
  let spec: ModelSpec | undefined;
  if (options.replay) {
    cassette = await openCassette(resolve(cwd, options.replay), 'replay');
  } else {
    spec = resolveModelSpec({ model: options.model, baseUrl: options.baseUrl }, env);
    if (options.record) cassette = await openCassette(resolve(cwd, options.record), 'record', { secrets: spec.apiKey ? [spec.apiKey] : [] });
  }
  const model = spec ? createLanguageModel(spec) : undefined;
  return {
    createLlm: ({ store, onEvent }) => createLlmClient({ model, spec, store, cassette, onEvent }),
    close: async () => undefined,
  };
}

/** A command line that cannot mean anything: wrong flags together, a missing argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  static isInstance(error: unknown): error is UsageError {
    return error instanceof Error && error.name === 'UsageError';
  }
}

/** The model flags every command that runs a workflow takes (run, resume). */
export function addModelFlags(command: Command): Command {
  return command
    .option('--model <id>', 'model id on the configured provider (e.g. gpt-4.1-mini, llama3.1)')
    .option('--base-url <url>', 'any OpenAI-compatible endpoint (wins over OPENAI_BASE_URL)')
    .option('--record <file>', 'record every model exchange to a cassette file')
    .option('--replay <file>', 'answer every model call from a cassette file, offline')
    .option('--json', 'print one JSON event per line instead of the progress view');
}

