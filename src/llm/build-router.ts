import type { LanguageModel } from 'ai';
import type { ConfiguredPrices } from './configured-prices.js';
import { loadCatalog, buildCandidates, type LoadedCatalog } from './catalog/model-candidates.js';
import type { FetchLike } from './catalog/fetch-json.js';
import { endpointListsNoModels } from './check-endpoint.js';
import { ModelConfigError, type ModelSpec } from './model-config.js';
import { ModelRouter, type ModelPins } from './model-router.js';
import { resolveProviders, usableProviders, type ProviderSettings, type ResolvedProviders } from './providers.js';
import type { Optimize } from './select-model.js';
import { isTaskType, TASK_TYPES } from './task-types.js';

/** The keys of atelier.config.yml the model layer reads (the config layer validates the file). */
export interface ModelConfigKeys {
  budget_usd?: number;
  cache?: boolean;
  optimize?: Optimize;
  models?: {
    default?: string;
    free_only?: boolean;
    roles?: Record<string, string>;
    stages?: Record<string, string>;
    capabilities?: Record<string, string[]>;
    /** US dollars per million tokens, per model: bounds and charges models no catalog prices. */
    prices?: ConfiguredPrices;
  };
  providers?: Record<string, ProviderSettings>;
}

/** What the command line says about models; it wins over the configuration. */
export interface ModelChoiceFlags {
  model?: string;
  baseUrl?: string;
  optimize?: Optimize;
  freeOnly?: boolean;
  stageModels?: Record<string, string>;
  roleModels?: Record<string, string>;
}

export interface BuiltRouter {
  router: ModelRouter;
  resolved: ResolvedProviders;
  /** What the providers list; for a single endpoint (`--base-url`/OPENAI_BASE_URL), the models it lists. */
  catalog?: LoadedCatalog;
}

function checkCapabilities(capabilities: Record<string, string[]> | undefined): void {
  for (const key of Object.keys(capabilities ?? {})) {
    if (!isTaskType(key)) throw new ModelConfigError(`models.capabilities.${key} is not a task type; use one of ${TASK_TYPES.join(', ')}`);
  }
}

/**
 * Builds the router a run chooses its models with: the providers from the configuration and
 * the environment, the catalog they can serve, and the settings, flags winning over config.
 */
export async function buildRouter(
  settings: ModelConfigKeys,
  flags: ModelChoiceFlags,
  options: { env?: NodeJS.ProcessEnv; cacheDir: string; fetch?: FetchLike; catalogTimeoutMs?: number; createModel?: (spec: ModelSpec) => LanguageModel },
): Promise<BuiltRouter> {
  const env = options.env ?? process.env;
  const models = settings.models ?? {};
  checkCapabilities(models.capabilities);
  const resolved = resolveProviders({ ...(settings.providers ? { config: settings.providers } : {}), ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}), env });
  const pins: ModelPins = {
    ...(flags.stageModels ? { cliStages: flags.stageModels } : {}),
    ...(models.stages ? { configStages: models.stages } : {}),
    ...(flags.roleModels ? { cliRoles: flags.roleModels } : {}),
    ...(models.roles ? { configRoles: models.roles } : {}),
    ...(flags.model ? { cli: flags.model } : {}),
    ...(models.default ? { configDefault: models.default } : {}),
  };
  const common = {
    pins,
    optimize: flags.optimize ?? settings.optimize ?? 'balanced',
    freeOnly: flags.freeOnly ?? models.free_only ?? false,
    ...(models.capabilities ? { preferences: models.capabilities } : {}),
    ...(models.prices ? { prices: models.prices } : {}),
    ...(options.createModel ? { createModel: options.createModel } : {}),
  };

  const single = resolved.singleEndpoint;
  const pinned = Boolean(flags.model || models.default);
  const providers = single ? [single.provider] : usableProviders(resolved);
  const catalog = await loadCatalog({
    providers,
    cacheDir: options.cacheDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.catalogTimeoutMs !== undefined ? { timeoutMs: options.catalogTimeoutMs } : {}),
  });
  const candidates = buildCandidates(providers, catalog);
  if (single && candidates.length === 0 && !pinned) throw endpointListsNoModels(single.source, single.provider.baseUrl ?? '', catalog.unreachable.get(single.provider.name));
  if (candidates.length === 0 && !pinned) {
    const unreachable = [...catalog.unreachable].map(([name, reason]) => `providers.${name}: ${reason}`);
    throw new ModelConfigError(
      `no models to choose from: ${unreachable.length > 0 ? unreachable.join('; ') : 'the configured providers list none'}. Start the server, or name a model with --model or models.default in atelier.config.yml.`,
    );
  }
  // A single endpoint with --model sends every call to that model, as in the first release; its list only adds the price.
  return { router: new ModelRouter({ providers, candidates, ...common, ...(single && pinned ? { maxBackups: 0 } : {}) }), resolved, catalog };
}
