import type { AppConfig } from '../../config/index.js';
import {
  buildCandidates,
  loadCatalog,
  ModelRouter,
  resolveProviders,
  routerForSettings,
  userCacheDir,
  type ModelSettings,
  type ProviderEndpoint,
} from '../../llm/index.js';

/** The router `models recommend` chooses with, and a line saying which providers it stands for. */
export interface RecommendRouter {
  router: ModelRouter;
  providersNote: string;
}

const HOW_TO_ADD = [
  'To call these models, add a provider: set OPENROUTER_API_KEY (every model listed), ANTHROPIC_API_KEY or OPENAI_API_KEY',
  "(that vendor's models), or OPENAI_BASE_URL with --model for an OpenAI-compatible server; or declare `providers:` in",
  'atelier.config.yml (see docs/models.md).',
].join('\n');

function describeProvider(provider: ProviderEndpoint): string {
  const where = provider.keyEnv ? `key from ${provider.keyEnv}` : provider.baseUrl;
  return where ? `${provider.name} (${where})` : provider.name;
}

/**
 * With a usable provider, the router a run would build. With none, recommendation needs no key:
 * the choice is made from the OpenRouter catalog (the cached update, else the bundled snapshot),
 * as if OpenRouter were configured, and the note says that nothing is.
 */
export async function recommendRouter(settings: ModelSettings, config: AppConfig, env: NodeJS.ProcessEnv): Promise<RecommendRouter> {
  const resolved = resolveProviders({ ...(config.providers ? { config: config.providers } : {}), ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), env });
  const usable = resolved.providers.filter((provider) => provider.problem === undefined);
  const problems = resolved.providers.flatMap((provider) => (provider.problem === undefined ? [] : [`not usable: ${provider.problem}`]));
  if (usable.length > 0) {
    const { router } = await routerForSettings(settings, config, { env });
    const source = resolved.singleEndpoint ? ` (from ${resolved.singleEndpoint.source})` : '';
    return { router, providersNote: [`configured providers: ${usable.map(describeProvider).join(', ')}${source}`, ...problems].join('\n') };
  }

  const browse: ProviderEndpoint = { name: 'openrouter', type: 'openrouter', structuredOutputs: true, schemaEnforced: true, modelRateLimits: {} };
  const catalog = await loadCatalog({ providers: [browse], cacheDir: userCacheDir(env) });
  const models = config.models ?? {};
  const router = new ModelRouter({
    providers: [browse],
    candidates: buildCandidates([browse], catalog),
    // `recommend` asks per task, for no stage or role, so only the global pins can apply.
    pins: { ...(settings.model ? { cli: settings.model } : {}), ...(models.default ? { configDefault: models.default } : {}) },
    optimize: settings.optimize ?? config.optimize ?? 'balanced',
    freeOnly: settings.freeOnly ?? models.free_only ?? false,
    ...(models.capabilities ? { preferences: models.capabilities } : {}),
  });
  const snapshot = catalog.openrouter.source === 'snapshot' ? 'the bundled snapshot' : 'the cached update';
  const from = `the OpenRouter catalog (${snapshot} of ${catalog.openrouter.fetchedAt.slice(0, 10)}), with no key`;
  const note = [problems.length > 0 ? `No configured provider can be used: these are chosen from ${from}.` : `No provider is configured: these are chosen from ${from}.`, ...problems, HOW_TO_ADD];
  return { router, providersNote: note.join('\n') };
}
