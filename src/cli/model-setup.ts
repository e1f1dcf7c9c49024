import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { appConfigFiles, loadAppConfig, type AppConfig } from '../config/index.js';
import { userConfigDir } from '../engine/built-in-paths.js';
import { defaultProjectDir, projectNameFromIdea } from '../engine/projects.js';
import type { LlmFactory } from '../engine/start-run.js';
import { BudgetGuard } from '../llm/budget.js';
import { userCacheDir } from '../llm/catalog/catalog-cache.js';
import { openCassette, type Cassette } from '../llm/cassette.js';
import { buildRouter, type BuiltRouter } from '../llm/build-router.js';
import { createLlmClient } from '../llm/llm-client.js';
import { RateLimiter } from '../llm/rate-limiter.js';
import { OPTIMIZE_MODES, type Optimize } from '../llm/select-model.js';
import { InvalidUsdError, parseUsd, type Usd } from '../llm/usd.js';
import { explainStages, plannedStages, storedStages, type ExplainedStage } from './explain-models.js';
import { openRunStore } from '../engine/start-run.js';
import { runPlanSchema } from '../engine/run-plan.js';
import { z } from 'zod';
import { UsageError } from './usage-error.js';

export interface ModelOptions {
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
  /** `run`'s own flags, when its caller passes them through: they tell which project and stages apply. */
  idea?: string;
  ideaFile?: string;
  workflow?: string;
  template?: string;
  project?: string;
}

/** Where the command runs, and what it knows of the project whose atelier.config.yml applies. */
export interface ModelPlace {
  cwd: string;
  /** `--project`, or the folder holding a resumed run. */
  projectDir?: string;
  /** A new run's idea: names the default project folder when there is no --project. */
  idea?: string;
  /** A new run's workflow (id or file): `--explain-models` explains its stages. */
  workflow?: string;
  /** A new run's project template, which may choose the workflow. */
  template?: string;
  /** A resumed run: its project's configuration applies, and `--explain-models` explains its stages. */
  runId?: string;
  env?: NodeJS.ProcessEnv;
  out?: NodeJS.WritableStream;
}

export interface PreparedModel {
  createLlm: LlmFactory;
  close: () => Promise<void>;
  /** The effective settings, for a summary. */
  budget?: Usd;
  cacheScope: 'run' | 'project';
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

/** The folder whose atelier.config.yml applies: --project, the resumed run's, the new run's default, else cwd. */
async function projectFolder(place: ModelPlace): Promise<string> {
  if (place.projectDir) return resolve(place.cwd, place.projectDir);
  if (place.runId) {
    const { store, projectDir } = await openRunStore(place.runId, place.cwd);
    await store.close();
    return projectDir;
  }
  if (place.idea !== undefined && place.idea.trim() !== '') return defaultProjectDir(place.cwd, projectNameFromIdea(place.idea));
  return place.cwd;
}

/** The project's and the user's atelier.config.yml, merged (the project's keys win). */
export async function loadModelConfig(place: ModelPlace): Promise<AppConfig> {
  return loadAppConfig(appConfigFiles(userConfigDir(place.env), await projectFolder(place)));
}

async function stagesToExplain(place: ModelPlace): Promise<ExplainedStage[]> {
  const env = place.env ?? process.env;
  if (place.runId) return storedStages({ runId: place.runId, cwd: place.cwd, ...(place.projectDir ? { projectDir: place.projectDir } : {}), env });
  if (place.idea !== undefined) {
    return plannedStages({
      idea: place.idea,
      ...(place.workflow ? { workflow: place.workflow } : {}),
      ...(place.template ? { template: place.template } : {}),
      cwd: place.cwd,
      ...(place.projectDir ? { projectDir: place.projectDir } : {}),
      env,
    });
  }
  return [];
}

/** The model flags a run keeps for its resume: what it was started with applies again. */
const savedSettingsSchema = z
  .object({
    model: z.string(),
    baseUrl: z.string(),
    record: z.string(),
    replay: z.string(),
    budget: z.string(),
    optimize: z.string(),
    freeOnly: z.boolean(),
    cache: z.boolean(),
    stageModel: z.array(z.string()),
    roleModel: z.array(z.string()),
  })
  .partial();

export type SavedModelSettings = z.infer<typeof savedSettingsSchema>;

/** The model flags to keep in the run plan; cassette paths made absolute so resume finds them from anywhere. */
export function modelSettingsToSave(options: ModelOptions, cwd: string): SavedModelSettings {
  const picked = savedSettingsSchema.parse(
    Object.fromEntries(Object.entries(options).filter(([key, value]) => key in savedSettingsSchema.shape && value !== undefined)),
  );
  return {
    ...picked,
    ...(picked.record ? { record: resolve(cwd, picked.record) } : {}),
    ...(picked.replay ? { replay: resolve(cwd, picked.replay) } : {}),
  };
}

/**
 * A resumed run starts from the settings it was started with (model, budget, cassette, ...);
 * flags given to resume win, which is how `--budget MORE` raises the limit.
 */
async function withSavedSettings(options: ModelOptions, place: ModelPlace): Promise<ModelOptions> {
  if (!place.runId) return options;
  const { store, run } = await openRunStore(place.runId, place.cwd, place.projectDir);
  await store.close();
  const plan = runPlanSchema.safeParse(run.plan);
  const saved = savedSettingsSchema.safeParse(plan.success ? (plan.data.options.modelSettings ?? {}) : {});
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const merged: ModelOptions = { ...(saved.success ? saved.data : {}), ...given };
  // A cassette chosen now replaces the saved one rather than combining with it.
  if (given.replay !== undefined || given.record !== undefined) {
    if (given.replay === undefined) delete merged.replay;
    if (given.record === undefined) delete merged.record;
  }
  return merged;
}

/** The router as flags and configuration describe it (shared by run, resume and `models recommend`). */
export async function routerFromSettings(config: AppConfig, options: ModelOptions, env: NodeJS.ProcessEnv = process.env): Promise<BuiltRouter> {
  return buildRouter(
    config,
    {
      ...(options.model ? { model: options.model } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.optimize ? { optimize: parseOptimize(options.optimize)! } : {}),
      ...(options.freeOnly ? { freeOnly: true } : {}),
      ...(options.stageModel ? { stageModels: parseAssignments(options.stageModel, '--stage-model')! } : {}),
      ...(options.roleModel ? { roleModels: parseAssignments(options.roleModel, '--role-model')! } : {}),
    },
    { env, cacheDir: userCacheDir(env) },
  );
}

/**
 * Decides, before anything is written, where answers come from: a cassette (replay: no model,
 * no network) or the models selection picks per task (optionally recording to a cassette),
 * under the budget, cache and rate limits the flags and atelier.config.yml set. Errors here are
 * the user's configuration errors and stop the command with their message.
 */
export async function prepareModel(flags: ModelOptions, where: ModelPlace | string, legacyEnv?: NodeJS.ProcessEnv): Promise<PreparedModel> {
  const place: ModelPlace = typeof where === 'string' ? placeFromFlags(flags, where, legacyEnv) : where;
  const options = await withSavedSettings(flags, place);
  if (options.record && options.replay) throw new UsageError('--record and --replay cannot be used together');
  const env = place.env ?? process.env;
  // With --json, stdout carries only events.
  const out = place.out ?? (options.json ? process.stderr : process.stdout);
  const config = await loadModelConfig(place);
  const budget = options.budget !== undefined ? parseBudget(options.budget) : config.budget_usd !== undefined ? parseBudget(String(config.budget_usd), 'budget_usd') : undefined;
  const cacheScope = options.cache || config.cache ? 'project' : 'run';
  parseOptimize(options.optimize);

  let cassette: Cassette | undefined;
  let built: BuiltRouter | undefined;
  if (options.replay) {
    cassette = await openCassette(resolve(place.cwd, options.replay), 'replay');
  } else {
    built = await routerFromSettings(config, options, env);
    const secrets = built.router.providers.map((provider) => provider.apiKey).filter((key): key is string => key !== undefined);
    if (options.record) cassette = await openCassette(resolve(place.cwd, options.record), 'record', { secrets });
  }

  if (options.explainModels) {
    const lines = built
      ? explainStages(built, await stagesToExplain(place), { ...(budget !== undefined ? { budget } : {}), cacheScope })
      : [`Models: every answer is replayed from ${cassette?.name ?? 'the cassette'}; no model is called.`];
    out.write(`${pc.bold(lines[0] ?? '')}\n${lines.slice(1).join('\n')}\n\n`);
  }

  const rateLimiter = new RateLimiter();
  const router = built?.router;
  return {
    createLlm: ({ store, onEvent }) =>
      createLlmClient({
        ...(router ? { router } : {}),
        store,
        ...(cassette ? { cassette } : {}),
        onEvent,
        cacheScope,
        rateLimiter,
        ...(budget !== undefined ? { budget: new BudgetGuard(budget, (runId) => store.listModelCalls(runId)) } : {}),
      }),
    close: async () => {
      await cassette?.flush();
    },
    ...(budget !== undefined ? { budget } : {}),
    cacheScope,
  };
}

/** The first release passed only the working folder; `run`'s flags still say where the project is and what it runs. */
function placeFromFlags(options: ModelOptions, cwd: string, env: NodeJS.ProcessEnv | undefined): ModelPlace {
  let idea = options.idea;
  if (idea === undefined && options.ideaFile) {
    try {
      idea = readFileSync(resolve(cwd, options.ideaFile), 'utf8');
    } catch {
      // The run itself reports an unreadable idea file.
    }
  }
  return {
    cwd,
    ...(env ? { env } : {}),
    ...(options.project ? { projectDir: options.project } : {}),
    ...(idea !== undefined ? { idea } : {}),
    ...(options.workflow ? { workflow: options.workflow } : {}),
    ...(options.template ? { template: options.template } : {}),
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
