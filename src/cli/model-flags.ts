import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ModelSettings } from '../llm/model-settings.js';
import { OPTIMIZE_MODES, type Optimize } from '../llm/select-model.js';
import { formatUsd, InvalidUsdError, parseUsd, type Usd } from '../llm/usd.js';
import { UsageError } from './usage-error.js';

/** The model flags of `run` and `resume`, as commander hands them over. */
export interface ModelFlags {
  model?: string;
  baseUrl?: string;
  record?: string;
  replay?: string;
  /** `--budget USD` */
  budget?: string;
  optimize?: string;
  explainModels?: boolean;
  cache?: boolean;
  freeOnly?: boolean;
  json?: boolean;
  /** `--stage-model STAGE=MODEL`, repeatable */
  stageModel?: string[];
  /** `--role-model ROLE=MODEL`, repeatable */
  roleModel?: string[];
}

export function parseBudget(text: string, source = '--budget'): Usd {
  let amount: Usd;
  try {
    amount = parseUsd(text);
  } catch (error) {
    if (InvalidUsdError.isInstance(error)) throw new UsageError(`${source} must be an amount in US dollars, e.g. ${source} 2.50, not "${text}"`);
    throw error;
  }
  if (amount <= 0n) throw new UsageError(`${source} must be more than zero, not "${text}"`);
  return amount;
}

export function parseOptimize(text: string | undefined): Optimize | undefined {
  if (text === undefined) return undefined;
  if (!(OPTIMIZE_MODES as readonly string[]).includes(text)) throw new UsageError(`--optimize must be one of ${OPTIMIZE_MODES.join(', ')}, not "${text}"`);
  return text as Optimize;
}

/** `["write_prd=openai/gpt-4.1", …]` → `{ write_prd: 'openai/gpt-4.1' }`. */
export function parseAssignments(values: readonly string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const assignments: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`${flag} takes NAME=MODEL, e.g. ${flag} write_prd=openai/gpt-4.1-mini, not "${value}"`);
    assignments[value.slice(0, eq).trim()] = value.slice(eq + 1).trim();
  }
  return assignments;
}

/**
 * The flags, checked and typed: what the run keeps in its plan. Only flags that were given
 * appear, so a resume's flags override the run's saved settings one by one. Cassette paths
 * become absolute, so a resume finds them from anywhere.
 */
export function modelSettingsFromFlags(flags: ModelFlags, cwd: string): ModelSettings {
  if (flags.record && flags.replay) throw new UsageError('--record and --replay cannot be used together');
  const optimize = parseOptimize(flags.optimize);
  const stageModels = parseAssignments(flags.stageModel, '--stage-model');
  const roleModels = parseAssignments(flags.roleModel, '--role-model');
  return {
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    ...(stageModels ? { stageModels } : {}),
    ...(roleModels ? { roleModels } : {}),
    ...(flags.budget !== undefined ? { budgetUsd: formatUsd(parseBudget(flags.budget)) } : {}),
    ...(optimize ? { optimize } : {}),
    ...(flags.freeOnly ? { freeOnly: true } : {}),
    ...(flags.cache ? { cache: true } : {}),
    ...(flags.record ? { record: resolve(cwd, flags.record) } : {}),
    ...(flags.replay ? { replay: resolve(cwd, flags.replay) } : {}),
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The model flags every command that runs a workflow takes (run, resume). */
export function addModelFlags(command: Command): Command {
  return command
    .option('--model <id>', 'model for every stage: a catalog id (anthropic/claude-sonnet-4.5), a provider id (gpt-4.1-mini), or provider:id')
    .option('--base-url <url>', 'any OpenAI-compatible endpoint (wins over OPENAI_BASE_URL)')
    .option('--stage-model <stage=model>', 'model for one stage (repeatable)', collect)
    .option('--role-model <role=model>', 'model for one role (repeatable)', collect)
    .option('--budget <usd>', 'hard budget in US dollars: no call starts that could exceed it (default: budget_usd in atelier.config.yml)')
    .addOption(new Option('--optimize <mode>', 'trade-off when choosing models').choices([...OPTIMIZE_MODES]))
    .option('--free-only', 'use only free models (OpenRouter :free, local models)')
    .option('--cache', 'answer identical requests from the project response cache (cost 0)')
    .option('--explain-models', 'print the model chosen for each stage, and why, before running')
    .option('--record <file>', 'record every model exchange to a cassette file')
    .option('--replay <file>', 'answer every model call from a cassette file, offline')
    .option('--json', 'print one JSON event per line instead of the progress view');
}
