import type { LanguageModel } from 'ai';
import type { CatalogModel } from './catalog/catalog-model.js';
import type { ModelCandidate } from './catalog/model-candidates.js';
import { withConfiguredPrice, type ConfiguredPrices } from './configured-prices.js';
import { createLanguageModel } from './create-language-model.js';
import type { ModelSpec } from './model-config.js';
import type { ProviderEndpoint } from './providers.js';
import { schemaPlacement } from './route.js';
import { pickChain, rankCandidates, type Optimize, type RankedCandidate, type Selection } from './select-model.js';
import { DEFAULT_PREFERENCES, taskForRole, taskNeed, type TaskType } from './task-types.js';
import type { CallContext } from './types.js';
import type { Usd } from './usd.js';

/** Models named explicitly, from the most specific to the least; the first that applies pins the primary. */
export interface ModelPins {
  /** `--stage-model STAGE=MODEL` */
  cliStages?: Record<string, string>;
  /** `models.stages` in atelier.config.yml */
  configStages?: Record<string, string>;
  /** `--role-model ROLE=MODEL` */
  cliRoles?: Record<string, string>;
  /** `models.roles` */
  configRoles?: Record<string, string>;
  /** `--model` */
  cli?: string;
  /** `models.default` */
  configDefault?: string;
}

export interface RouterSettings {
  providers: readonly ProviderEndpoint[];
  candidates: readonly ModelCandidate[];
  pins?: ModelPins;
  optimize?: Optimize;
  freeOnly?: boolean;
  /** `models.capabilities`: preference lists per task type, replacing the built-in ones. */
  preferences?: Partial<Record<string, readonly string[]>>;
  maxBackups?: number;
  /** `models.prices`: the user's prices, which win over the catalog's and price what it does not list. */
  prices?: ConfiguredPrices;
  /** Builds the SDK model for a candidate; tests inject mock models here. */
  createModel?: (spec: ModelSpec) => LanguageModel;
}

/** A call's models in the order they are tried, and why. */
export interface ModelChoice {
  task: TaskType;
  chain: RankedCandidate[];
  /** The setting that pinned the primary, e.g. `--model` or `models.stages.write_prd`. */
  pinnedBy?: string;
  /** A pinned model a hard requirement rules out (the budget, free_only, its context): the chain is then empty. */
  pinnedOut?: { ref: string; by: string; reason: string };
  selection: Selection;
}

export type ChoiceRequest = Pick<CallContext, 'stageId' | 'role' | 'modelPreferences' | 'stageModel'> & {
  /** The task when the caller knows it (`models recommend --task`); otherwise the role's. */
  task?: TaskType;
  promptTokens?: number;
  maxOutputTokens?: number;
  structuredOutputs?: boolean;
  remainingBudget?: Usd;
};

/** A model named in a pin that no catalog lists: usable, with nothing known about it. */
function unlistedModel(id: string): CatalogModel {
  return {
    id,
    name: id,
    contextLength: undefined,
    maxOutputTokens: undefined,
    pricing: undefined,
    capabilities: { structuredOutputs: undefined, tools: undefined, reasoning: undefined, vision: undefined },
    inputModalities: ['text'],
    outputModalities: ['text'],
    source: 'endpoint',
  };
}

/** Which provider most likely serves an id no catalog lists. */
function guessProvider(id: string, providers: readonly ProviderEndpoint[]): ProviderEndpoint | undefined {
  const byType = (type: ProviderEndpoint['type']) => providers.find((provider) => provider.type === type);
  if (providers.length === 1) return providers[0];
  if (id.includes('/')) return byType('openrouter') ?? providers[0];
  if (/^claude/.test(id)) return byType('anthropic') ?? byType('openrouter');
  if (/^(gpt-|o\d|chatgpt)/.test(id)) return byType('openai') ?? byType('openrouter');
  return byType('ollama') ?? byType('openai-compatible') ?? providers[0];
}

/**
 * Chooses the models of each call. The catalog, providers and settings are fixed for a run,
 * so a choice is a pure function of the call (stage, role, prompt size, budget left).
 */
export class ModelRouter {
  readonly providers: readonly ProviderEndpoint[];
  readonly candidates: readonly ModelCandidate[];
  readonly optimize: Optimize;
  readonly freeOnly: boolean;
  private readonly pins: ModelPins;
  private readonly preferences: Partial<Record<string, readonly string[]>>;
  private readonly maxBackups: number;
  private readonly models = new Map<string, LanguageModel>();
  private readonly resolved = new Map<string, ModelCandidate | undefined>();
  private readonly createModel: (spec: ModelSpec) => LanguageModel;
  private readonly prices: ConfiguredPrices | undefined;

  constructor(settings: RouterSettings) {
    this.providers = settings.providers;
    this.prices = settings.prices;
    this.candidates = settings.prices ? settings.candidates.map((candidate) => withConfiguredPrice(candidate, settings.prices)) : settings.candidates;
    this.pins = settings.pins ?? {};
    this.optimize = settings.optimize ?? 'balanced';
    this.freeOnly = settings.freeOnly ?? false;
    this.preferences = settings.preferences ?? {};
    this.maxBackups = settings.maxBackups ?? 2;
    this.createModel = settings.createModel ?? createLanguageModel;
  }

  /** The pin that applies to a call, and where it came from. */
  pinFor(request: Pick<CallContext, 'stageId' | 'role' | 'stageModel'>): { ref: string; by: string } | undefined {
    const pins = this.pins;
    const layers: [string | undefined, string][] = [
      [pins.cliStages?.[request.stageId], `--stage-model ${request.stageId}=…`],
      [request.stageModel, `the workflow's model for stage ${request.stageId}`],
      [pins.configStages?.[request.stageId], `models.stages.${request.stageId}`],
      [pins.cliRoles?.[request.role], `--role-model ${request.role}=…`],
      [pins.configRoles?.[request.role], `models.roles.${request.role}`],
      [pins.cli, '--model'],
      [pins.configDefault, 'models.default'],
    ];
    for (const [ref, by] of layers) if (ref !== undefined && ref.trim() !== '') return { ref: ref.trim(), by };
    return undefined;
  }

  /** A model named by the user: `provider:id`, a catalog id, or an id on the likeliest provider. */
  resolveRef(ref: string): ModelCandidate | undefined {
    if (!this.resolved.has(ref)) this.resolved.set(ref, this.findRef(ref));
    return this.resolved.get(ref);
  }

  private findRef(ref: string): ModelCandidate | undefined {
    const colon = ref.indexOf(':');
    const named = colon > 0 ? this.providers.find((provider) => provider.name === ref.slice(0, colon)) : undefined;
    const id = named ? ref.slice(colon + 1) : ref;
    const pool = named ? this.candidates.filter((c) => c.provider === named) : this.candidates;
    const listed = pool.find((c) => c.modelId === id) ?? pool.find((c) => c.model.id === id);
    if (listed) return listed;
    const provider = named ?? guessProvider(id, this.providers);
    if (!provider) return undefined;
    return withConfiguredPrice({ ref: `${provider.name}:${id}`, provider, modelId: id, model: unlistedModel(id) }, this.prices);
  }

  preferencesFor(task: TaskType): readonly string[] {
    return this.preferences[task] ?? DEFAULT_PREFERENCES[task];
  }

  choose(request: ChoiceRequest): ModelChoice {
    const task = request.task ?? taskForRole(request.role);
    const profile = taskNeed(task, request.modelPreferences);
    const need = {
      task,
      reasoning: profile.reasoning,
      contextTokens: profile.contextTokens,
      structuredOutputs: request.structuredOutputs ?? true,
      ...(request.promptTokens !== undefined ? { promptTokens: request.promptTokens } : {}),
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    };
    const pin = this.pinFor(request);
    const pinned = pin ? this.resolveRef(pin.ref) : undefined;
    const policy = {
      optimize: this.optimize,
      freeOnly: this.freeOnly,
      preferences: this.preferencesFor(task),
      ...(request.remainingBudget !== undefined ? { remainingBudget: request.remainingBudget } : {}),
      ...(pinned ? { pinned } : {}),
    };
    const pool = pinned && !this.candidates.includes(pinned) ? [pinned, ...this.candidates] : this.candidates;
    const selection = rankCandidates(pool, need, policy);
    const pinnedRank = pinned ? selection.ranked.find((entry) => entry.candidate.ref === pinned.ref) : undefined;
    // A pinned model is a promise: it answers, or the call stops; selection never trades it for another.
    const out = pinned && !pinnedRank ? selection.excluded.find((entry) => entry.candidate.ref === pinned.ref) : undefined;
    if (pin && pinned && out) return { task, chain: [], pinnedBy: pin.by, pinnedOut: { ref: pinned.ref, by: pin.by, reason: out.reason }, selection };
    if (pinnedRank && pin) pinnedRank.notes.unshift(`pinned by ${pin.by}`);
    const chain = pickChain(selection.ranked, this.maxBackups, pinnedRank);
    return { task, chain, ...(pin && pinnedRank ? { pinnedBy: pin.by } : {}), selection };
  }

  /** The SDK model for a candidate, built once. */
  languageModel(candidate: ModelCandidate): LanguageModel {
    let model = this.models.get(candidate.ref);
    if (!model) {
      model = this.createModel(specFor(candidate));
      this.models.set(candidate.ref, model);
    }
    return model;
  }
}

/** What `createLanguageModel` needs to call a candidate. */
export function specFor(candidate: ModelCandidate): ModelSpec {
  const provider = candidate.provider;
  const sdkProvider = provider.type === 'ollama' ? 'openai-compatible' : provider.type;
  return {
    provider: sdkProvider,
    name: provider.name,
    ...(provider.baseUrl !== undefined ? { baseUrl: provider.baseUrl } : {}),
    ...(provider.apiKey !== undefined ? { apiKey: provider.apiKey } : {}),
    model: candidate.modelId,
    ...schemaPlacement(provider, candidate),
  };
}
