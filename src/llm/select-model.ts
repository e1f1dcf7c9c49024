import { isFree, vendorOf, type CatalogModel } from './catalog/catalog-model.js';
import type { ModelCandidate } from './catalog/model-candidates.js';
import type { Reasoning, TaskType } from './task-types.js';
import { parsedPricing, type ParsedPricing } from './parsed-pricing.js';
import { priceTimes, type Usd } from './usd.js';

export const OPTIMIZE_MODES = ['cost', 'quality', 'balanced'] as const;
export type Optimize = (typeof OPTIMIZE_MODES)[number];

/** What one call needs from its model. */
export interface SelectionNeed {
  task: TaskType;
  reasoning: Reasoning;
  /** The context the role prefers, in tokens. */
  contextTokens: number;
  /** This call's prompt, estimated; with `maxOutputTokens` it must fit the model's context. */
  promptTokens?: number;
  /** The most the answer may use; bounds the worst-case cost. */
  maxOutputTokens?: number;
  structuredOutputs: boolean;
}

export interface SelectionPolicy {
  optimize: Optimize;
  freeOnly: boolean;
  /** Substrings of ids, best first (`models.capabilities.<task>`, else the built-in list). */
  preferences: readonly string[];
  /** What the budget has left; undefined when there is no budget. */
  remainingBudget?: Usd;
  /** A model the user named: soft requirements never exclude it. */
  pinned?: ModelCandidate;
}

export interface RankedCandidate {
  candidate: ModelCandidate;
  /** 0..1: the preference list first, then what price and capabilities suggest. */
  quality: number;
  score: number;
  /** A typical call (the prompt estimate, 2,000 tokens out); undefined when the price is unknown. */
  typicalCost: Usd | undefined;
  /** The most this call could cost; undefined when the price is unknown. */
  worstCase: Usd | undefined;
  /** Why it ranks where it does, for explanations. */
  notes: string[];
}

export interface Exclusion {
  candidate: ModelCandidate;
  reason: string;
}

export interface Selection {
  ranked: RankedCandidate[];
  excluded: Exclusion[];
  /** Requirements given up because no candidate met them. */
  relaxed: string[];
}

/** Output assumed for a call that sets no limit and a model that states none. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;
const TYPICAL_OUTPUT_TOKENS = 2_000;
const TYPICAL_PROMPT_TOKENS = 8_000;

const MIN_QUALITY: Record<Reasoning, number> = { strong: 0.65, standard: 0.5, basic: 0 };
/** How much cost weighs against quality in `balanced`: simple tasks go to cheap models. */
const COST_WEIGHT: Record<Reasoning, number> = { strong: 0.2, standard: 0.35, basic: 0.6 };
const PRICE_SCALE = Math.log10(76);

/** What may follow a preferred name and still be the same model: a date or version tag, not a size tier (`-mini`). */
const SAME_MODEL_SUFFIX = /^(-\d[\d.-]*|-latest|-preview|-exp\S*|-instruct)?$/;

/**
 * Where the model stands in a preference list: the place of the first entry that names it
 * (exactly, or with a date or version tag after it), or `loose` when an entry is only a
 * substring of its id (`gpt-5` in `gpt-5-nano`: a relative, not the model the list prefers).
 */
export function preferenceRank(candidate: ModelCandidate, preferences: readonly string[]): number | 'loose' | undefined {
  const id = candidate.model.id;
  const bare = (id.split('/').pop() ?? id).split(':')[0] ?? id;
  const names = [id, bare, candidate.ref, candidate.modelId];
  const named = preferences.findIndex((pattern) =>
    names.some((name) => name === pattern || (name.startsWith(pattern) && SAME_MODEL_SUFFIX.test(name.slice(pattern.length).split(':')[0] ?? ''))),
  );
  if (named !== -1) return named;
  return preferences.some((pattern) => names.some((name) => name.includes(pattern))) ? 'loose' : undefined;
}

function pricePerMillion(price: string | undefined): number {
  return price === undefined ? 0 : Number(price) * 1_000_000;
}

function costAt(prices: ParsedPricing | undefined, inputTokens: number, outputTokens: number): Usd | undefined {
  if (prices === undefined) return undefined;
  return priceTimes(prices.prompt, inputTokens) + priceTimes(prices.completion, outputTokens) + prices.request;
}

/** The output tokens a call may use on a model: the call's cap, else the default, never above the model's own. */
export function outputCap(modelMax: number | undefined, requested: number | undefined): number {
  return Math.min(requested ?? DEFAULT_MAX_OUTPUT_TOKENS, modelMax ?? Number.POSITIVE_INFINITY);
}

interface Assessment {
  quality: number;
  notes: string[];
}

/**
 * What selection reads of a candidate on every call, fixed for a run: its parsed prices, its
 * price penalty, and its quality per preference list and task (computed once each). One lookup
 * per candidate and call, since a call ranks every candidate.
 */
interface CandidateFacts {
  prices: ParsedPricing | undefined;
  penalty: number;
  assessments: Map<string, Assessment>;
}

const candidateFacts = new WeakMap<ModelCandidate, CandidateFacts>();

function factsOf(candidate: ModelCandidate): CandidateFacts {
  let facts = candidateFacts.get(candidate);
  if (!facts) {
    const pricing = candidate.model.pricing;
    facts = { prices: pricing === undefined ? undefined : parsedPricing(pricing), penalty: pricePenalty(candidate.model), assessments: new Map() };
    candidateFacts.set(candidate, facts);
  }
  return facts;
}

const listIds = new WeakMap<readonly string[], number>();
let nextListId = 0;

/** What an assessment depends on besides the model; one string per ranking, so lookups hash it once. */
function assessmentKey(need: SelectionNeed, policy: SelectionPolicy): string {
  let listId = listIds.get(policy.preferences);
  if (listId === undefined) listIds.set(policy.preferences, (listId = nextListId++));
  return `${listId}|${need.task}|${need.reasoning}|${policy.freeOnly}`;
}

function assess(candidate: ModelCandidate, need: SelectionNeed, policy: SelectionPolicy, key = assessmentKey(need, policy), facts = factsOf(candidate)): Assessment {
  let found = facts.assessments.get(key);
  if (!found) {
    const notes: string[] = [];
    found = { quality: quality(candidate, need, policy, notes), notes };
    facts.assessments.set(key, found);
  }
  return found;
}

function quality(candidate: ModelCandidate, need: SelectionNeed, policy: SelectionPolicy, notes: string[]): number {
  const rank = preferenceRank(candidate, policy.preferences);
  const caps = candidate.model.capabilities;
  let q: number;
  if (typeof rank === 'number') {
    q = 1 - (0.4 * rank) / Math.max(1, policy.preferences.length);
    notes.push(`#${rank + 1} in the ${need.task} preference list`);
  } else if (rank === 'loose') {
    // A sibling of a preferred model: above models nothing is known of, below the list itself.
    q = 0.55;
    notes.push(`related to a model in the ${need.task} preference list`);
  } else if (candidate.model.pricing === undefined) {
    q = 0.3;
  } else {
    const completion = pricePerMillion(candidate.model.pricing.completion);
    q = 0.2 + 0.3 * Math.min(1, Math.log10(1 + completion) / PRICE_SCALE);
  }
  if (need.reasoning === 'strong' && caps.reasoning === true) q += 0.05;
  // Free variants share a model's name but are rate-limited hard; the paid one is the safer pick.
  if (!policy.freeOnly && candidate.model.id.endsWith(':free')) q -= 0.05;
  return Math.max(0, Math.min(1.05, q));
}

/** 0..1: how expensive the model is, from a 3:1 blend of its input and output prices. */
function pricePenalty(model: CatalogModel): number {
  const pricing = model.pricing;
  const blend = pricing === undefined ? 3 : (3 * pricePerMillion(pricing.prompt) + pricePerMillion(pricing.completion)) / 4;
  return Math.min(1, Math.log10(1 + blend) / PRICE_SCALE);
}

function score(penalty: number, quality: number, need: SelectionNeed, optimize: Optimize): number {
  if (optimize === 'quality') return quality;
  if (optimize === 'cost') return -penalty + quality / 100;
  return quality - COST_WEIGHT[need.reasoning] * penalty;
}

type Check = { reason: string; soft: boolean; fails: (candidate: ModelCandidate, worstCase: Usd | undefined) => boolean };

function checks(need: SelectionNeed, policy: SelectionPolicy): Check[] {
  const list: Check[] = [];
  if (policy.freeOnly) list.push({ reason: 'not free (free_only is set)', soft: false, fails: (c) => !isFree(c.model) });
  if (need.promptTokens !== undefined) {
    const prompt = need.promptTokens;
    list.push({
      reason: `a prompt of ~${prompt} tokens does not fit its context`,
      soft: false,
      fails: (c) => c.model.contextLength !== undefined && prompt + Math.min(outputCap(c.model.maxOutputTokens, need.maxOutputTokens), 4_096) > c.model.contextLength,
    });
  }
  if (policy.remainingBudget !== undefined) {
    const left = policy.remainingBudget;
    list.push({ reason: 'its worst case exceeds what is left of the budget', soft: false, fails: (_c, worst) => worst !== undefined && worst > left });
  }
  if (need.structuredOutputs) list.push({ reason: 'no structured output', soft: true, fails: (c) => c.model.capabilities.structuredOutputs === false });
  list.push({
    reason: `context below the ${need.contextTokens} tokens the role asks for`,
    soft: true,
    fails: (c) => c.model.contextLength !== undefined && c.model.contextLength < need.contextTokens,
  });
  const minimum = MIN_QUALITY[need.reasoning];
  if (policy.optimize === 'cost' && minimum > 0) {
    list.push({ reason: `too weak for ${need.reasoning} reasoning`, soft: true, fails: (c) => assess(c, need, policy).quality < minimum });
  }
  return list;
}

/**
 * Ranks the candidates for one call, best first. Hard requirements (free_only, the prompt
 * fitting, the budget) exclude; soft ones (structured output, the preferred context, a
 * minimum strength when optimizing for cost) exclude only while something else is left.
 */
export function rankCandidates(candidates: readonly ModelCandidate[], need: SelectionNeed, policy: SelectionPolicy): Selection {
  const promptTokens = need.promptTokens ?? TYPICAL_PROMPT_TOKENS;
  const facts = new Map(candidates.map((c) => [c, factsOf(c)]));
  const worst = new Map(candidates.map((c) => [c, costAt(facts.get(c)!.prices, promptTokens, outputCap(c.model.maxOutputTokens, need.maxOutputTokens))]));
  let remaining = [...candidates];
  const excluded: Exclusion[] = [];
  const relaxed: string[] = [];
  for (const check of checks(need, policy)) {
    const failing = remaining.filter((c) => check.fails(c, worst.get(c)) && !(check.soft && c === policy.pinned));
    if (failing.length === 0) continue;
    if (check.soft && failing.length === remaining.length) {
      relaxed.push(check.reason);
      continue;
    }
    for (const candidate of failing) excluded.push({ candidate, reason: check.reason });
    remaining = remaining.filter((c) => !failing.includes(c));
  }
  const key = assessmentKey(need, policy);
  const ranked = remaining.map((candidate): RankedCandidate => {
    const known = facts.get(candidate)!;
    const { quality, notes } = assess(candidate, need, policy, key, known);
    return {
      candidate,
      quality,
      typicalCost: costAt(known.prices, promptTokens, TYPICAL_OUTPUT_TOKENS),
      worstCase: worst.get(candidate),
      // A copy: the router adds a note for a pinned model to its own choice only.
      notes: [...notes],
      score: score(known.penalty, quality, need, policy.optimize),
    };
  });
  ranked.sort((a, b) => b.score - a.score || compareCost(a.typicalCost, b.typicalCost) || a.candidate.ref.localeCompare(b.candidate.ref));
  return { ranked, excluded, relaxed };
}

function compareCost(a: Usd | undefined, b: Usd | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/**
 * The primary and up to `maxBackups` backups. Backups prefer another vendor or provider than
 * the models already chosen, so one provider's outage does not take the whole chain down.
 */
export function pickChain(ranked: readonly RankedCandidate[], maxBackups: number, pinned?: RankedCandidate): RankedCandidate[] {
  const chain: RankedCandidate[] = pinned ? [pinned] : [];
  const rest = ranked.filter((entry) => entry.candidate.ref !== pinned?.candidate.ref);
  if (!pinned && rest.length > 0) chain.push(rest.shift()!);
  const family = (entry: RankedCandidate) => `${entry.candidate.provider.name}|${vendorOf(entry.candidate.model.id) ?? entry.candidate.model.id}`;
  const limit = chain.length + maxBackups;
  for (const diverse of [true, false]) {
    for (const entry of rest) {
      if (chain.length >= limit) break;
      if (chain.includes(entry)) continue;
      if (diverse && chain.some((chosen) => family(chosen) === family(entry))) continue;
      chain.push(entry);
    }
  }
  return chain;
}
