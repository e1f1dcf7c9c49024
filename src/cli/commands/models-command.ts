import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { AppConfig } from '../../config/index.js';
import {
  buildCandidates,
  DEFAULT_PREFERENCES,
  explainChain,
  isFree,
  isTaskType,
  loadCatalog,
  OPENROUTER_BASE_URL,
  OPTIMIZE_MODES,
  parseUsd,
  perMillion,
  rankCandidates,
  resolveProviders,
  TASK_PROFILES,
  TASK_TYPES,
  updateOpenRouterCatalog,
  userCacheDir,
  vendorOf,
  type ModelCandidate,
  type ProviderEndpoint,
  type TaskType,
} from '../../llm/index.js';
import { loadProjectConfig } from '../../engine/index.js';
import { modelSettingsFromFlags, parseBudget, type ModelFlags } from '../model-flags.js';
import { UsageError } from '../usage-error.js';
import { addSubcommand, type CommandPlacement } from './layered-item-commands.js';
import { recommendRouter } from './recommend-router.js';
import { GROUP_DESCRIPTIONS } from './command-groups.js';

/** The OpenRouter endpoint `models update` reads: the configured one (a gateway or a test server) or OpenRouter's. */
function openRouterSource(config: AppConfig, env: NodeJS.ProcessEnv): { baseUrl: string; apiKey?: string } {
  const entry = Object.entries(config.providers ?? {}).find(([name, settings]) => settings.type === 'openrouter' || (settings.type === undefined && name === 'openrouter'));
  const keyEnv = entry?.[1].api_key_env ?? 'OPENROUTER_API_KEY';
  const apiKey = env[keyEnv]?.trim();
  return { baseUrl: entry?.[1].base_url ?? OPENROUTER_BASE_URL, ...(apiKey ? { apiKey } : {}) };
}

function parseTask(task: string | undefined): TaskType | undefined {
  if (task === undefined) return undefined;
  if (!isTaskType(task)) throw new UsageError(`--task must be one of ${TASK_TYPES.join(', ')}, not "${task}"`);
  return task;
}

/** Every model the configured providers serve; with none configured, the OpenRouter catalog itself, to browse. */
async function listedCandidates(config: AppConfig, env: NodeJS.ProcessEnv): Promise<{ candidates: ModelCandidate[]; note?: string }> {
  const resolved = resolveProviders({ ...(config.providers ? { config: config.providers } : {}), env });
  let providers = resolved.providers.filter((provider) => provider.problem === undefined);
  let note: string | undefined;
  if (providers.length === 0) {
    const browse: ProviderEndpoint = { name: 'openrouter', type: 'openrouter', structuredOutputs: true, schemaEnforced: true, modelRateLimits: {} };
    providers = [browse];
    note = 'No provider is configured: showing the OpenRouter catalog (set OPENROUTER_API_KEY to use it).';
  }
  const catalog = await loadCatalog({ providers, cacheDir: userCacheDir(env) });
  const source = catalog.openrouter.source === 'snapshot' ? `bundled snapshot of ${catalog.openrouter.fetchedAt.slice(0, 10)}` : `updated ${catalog.openrouter.fetchedAt.slice(0, 10)}`;
  const unreachable = [...catalog.unreachable].map(([name, reason]) => `${name}: ${reason}`);
  const notes = [note, `OpenRouter catalog: ${source} (refresh with \`atelier models update\`).`, ...unreachable].filter((line): line is string => line !== undefined);
  return { candidates: buildCandidates(providers, catalog), note: notes.join('\n') };
}

function contextText(tokens: number | undefined): string {
  if (tokens === undefined) return '?';
  return tokens >= 1_000_000 ? `${+(tokens / 1_000_000).toFixed(2)}M` : `${Math.round(tokens / 1_000)}k`;
}

function capabilityText(candidate: ModelCandidate): string {
  const caps = candidate.model.capabilities;
  const flags: [boolean | undefined, string][] = [
    [caps.structuredOutputs, 'json'],
    [caps.tools, 'tools'],
    [caps.reasoning, 'reasoning'],
    [caps.vision, 'vision'],
    [isFree(candidate.model), 'free'],
  ];
  return flags.filter(([on]) => on === true).map(([, name]) => name).join(' ');
}

function asJson(candidate: ModelCandidate) {
  const { model } = candidate;
  return {
    ref: candidate.ref,
    provider: candidate.provider.name,
    id: candidate.modelId,
    catalogId: model.id,
    name: model.name,
    contextLength: model.contextLength ?? null,
    maxOutputTokens: model.maxOutputTokens ?? null,
    pricing: model.pricing ?? null,
    free: isFree(model),
    capabilities: model.capabilities,
    source: model.source,
  };
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description(GROUP_DESCRIPTIONS.models);

  models
    .command('update')
    .description("fetch OpenRouter's model catalog (ids, context, prices, parameters) and cache it with today's date")
    .option('--project <dir>', 'the project whose atelier.config.yml applies (default: .)')
    .action(async (flags: { project?: string }) => {
      const env = process.env;
      const config = await loadProjectConfig(resolve(process.cwd(), flags.project ?? '.'), env);
      const source = openRouterSource(config, env);
      const updated = await updateOpenRouterCatalog({ ...source, cacheDir: userCacheDir(env) });
      const skipped = updated.skipped > 0 ? ` (${updated.skipped} entries not understood, skipped)` : '';
      process.stdout.write(`Fetched ${updated.models.length} models from ${updated.url}${skipped}.\nCached ${updated.fetchedAt} in ${updated.file}\n`);
    });

  addModelsList(models, { name: 'list' });

  models
    .command('recommend')
    .description('the primary and backup models each task would get, and why (with no provider configured: from the catalog)')
    .option('--task <task>', `one task (${TASK_TYPES.join(', ')}); default: all`)
    .addOption(new Option('--optimize <mode>', 'trade-off when choosing models').choices([...OPTIMIZE_MODES]))
    .option('--free-only', 'use only free models')
    .option('--budget <usd>', 'leave out models whose worst-case call exceeds this')
    .option('--model <id>', 'pin a model, as run --model does')
    .option('--project <dir>', 'the project whose atelier.config.yml applies (default: .)')
    .option('--json', 'print JSON')
    .action(async (flags: ModelFlags & { task?: string; project?: string }) => {
      const task = parseTask(flags.task);
      const env = process.env;
      const config = await loadProjectConfig(resolve(process.cwd(), flags.project ?? '.'), env);
      const budget = flags.budget !== undefined ? parseBudget(flags.budget) : undefined;
      const { router, providersNote } = await recommendRouter(modelSettingsFromFlags(flags, process.cwd()), config, env);
      const choices = (task ? [task] : [...TASK_TYPES]).map((t) => ({
        task: t,
        choice: router.choose({ stageId: '', role: '', task: t, ...(budget !== undefined ? { remainingBudget: budget } : {}) }),
      }));
      if (flags.json) {
        const out = choices.map(({ task: t, choice }) => ({
          task: t,
          primary: choice.chain[0]?.candidate.ref ?? null,
          backups: choice.chain.slice(1).map((entry) => entry.candidate.ref),
          pinnedBy: choice.pinnedBy ?? null,
          reasons: explainChain(choice),
        }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        process.stderr.write(`${providersNote}\n`);
        return;
      }
      process.stdout.write(`${pc.dim(providersNote)}\n${pc.bold(`optimize: ${router.optimize}`)}${router.freeOnly ? ', free models only' : ''}\n`);
      for (const { choice } of choices) {
        const [head, ...rest] = explainChain(choice);
        process.stdout.write(`\n${pc.bold(head ?? '')}\n${rest.map((line) => `  ${line}`).join('\n')}\n`);
        if (choice.chain.length === 0) process.stdout.write("  no model meets this task's requirements\n");
      }
    });
}

/** `models list`, also added under the seed's name `list-models`. */
export function addModelsList(parent: Command, placement: CommandPlacement): Command {
  return addSubcommand(parent, placement)
    .description('list models: id, context, price per million tokens in and out, capabilities')
    .option('--free', 'only free models')
    .option('--task <task>', `only models suited to a task, best first (${TASK_TYPES.join(', ')})`)
    .option('--provider <name>', 'only one provider (openrouter, ollama, a providers.<name>) or vendor (anthropic, openai, …)')
    .option('--project <dir>', 'the project whose atelier.config.yml applies (default: .)')
    .option('--json', 'print JSON')
    .action(async (flags: { free?: boolean; task?: string; provider?: string; project?: string; json?: boolean }) => {
      const task = parseTask(flags.task);
      const env = process.env;
      const config = await loadProjectConfig(resolve(process.cwd(), flags.project ?? '.'), env);
      const { candidates: all, note } = await listedCandidates(config, env);
      let candidates = all.filter(
        (c) => (!flags.free || isFree(c.model)) && (!flags.provider || c.provider.name === flags.provider || vendorOf(c.model.id) === flags.provider),
      );
      if (task) {
        const profile = TASK_PROFILES[task];
        const preferences = config.models?.capabilities?.[task] ?? DEFAULT_PREFERENCES[task];
        const need = { task, reasoning: profile.reasoning, contextTokens: profile.contextTokens, structuredOutputs: true };
        candidates = rankCandidates(candidates, need, { optimize: 'quality', freeOnly: false, preferences }).ranked.map((entry) => entry.candidate);
      } else {
        candidates.sort((a, b) => a.ref.localeCompare(b.ref));
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(candidates.map(asJson), null, 2)}\n`);
        return;
      }
      if (note) process.stdout.write(`${pc.dim(note)}\n\n`);
      if (candidates.length === 0) {
        process.stdout.write('No models match.\n');
        return;
      }
      const width = Math.min(60, Math.max(...candidates.map((c) => c.ref.length)));
      process.stdout.write(`${pc.bold(`${'model'.padEnd(width)}  ${'context'.padStart(7)}  ${'$/M in'.padStart(9)}  ${'$/M out'.padStart(9)}  capabilities`)}\n`);
      for (const candidate of candidates) {
        const pricing = candidate.model.pricing;
        const price = (value: string | undefined) => (value === undefined ? '?' : perMillion(parseUsd(value)));
        process.stdout.write(
          `${candidate.ref.padEnd(width)}  ${contextText(candidate.model.contextLength).padStart(7)}  ${price(pricing?.prompt).padStart(9)}  ${price(pricing?.completion).padStart(9)}  ${capabilityText(candidate)}\n`,
        );
      }
    });
}
