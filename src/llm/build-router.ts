import type { LanguageModel } from 'ai';
import { loadCatalog, buildCandidates, type LoadedCatalog } from './catalog/model-candidates.js';
import type { FetchLike } from './catalog/fetch-json.js';
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
  /** Undefined for a single endpoint (`--base-url`/OPENAI_BASE_URL), which needs no catalog. */
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
    ...(options.createModel ? { createModel: options.createModel } : {}),
  };

  if (resolved.singleEndpoint) {
    const { provider, source } = resolved.singleEndpoint;
    if (!flags.model && !models.default) {
      throw new ModelConfigError(
        `${source} is set to ${provider.baseUrl}, so Atelier needs to know which of that server's models to use: add --model, e.g. --model llama3.1`,
      );
    }
    return { router: new ModelRouter({ providers: [provider], candidates: [], ...common }), resolved };
  }

  const providers = usableProviders(resolved);
  const catalog = await loadCatalog({
    providers,
    cacheDir: options.cacheDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.catalogTimeoutMs !== undefined ? { timeoutMs: options.catalogTimeoutMs } : {}),
  });
  const candidates = buildCandidates(providers, catalog);
  if (candidates.length === 0 && !flags.model && !models.default) {
    const unreachable = [...catalog.unreachable].map(([name, reason]) => `providers.${name}: ${reason}`);
    throw new ModelConfigError(
      `no models to choose from: ${unreachable.length > 0 ? unreachable.join('; ') : 'the configured providers list none'}. Start the server, or name a model with --model or models.default in atelier.config.yml.`,
    );
  }
  return { router: new ModelRouter({ providers, candidates, ...common }), resolved, catalog };
}
