import type { ModelCallRecord } from '../store/store.js';
import { displayUsd, formatUsd, parseUsd, type Usd } from './usd.js';
import { plural } from '../observe/plural.js';

/** Calls, tokens and exact cost of one group of ledger rows (a role, a stage, a model, or all). */
export interface CostLine {
  key: string;
  calls: number;
  /** Answered from the response cache or a cassette: cost nothing. */
  cached: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** Exact decimal USD. */
  costUsd: string;
  /** Live calls whose price nothing knew (a custom endpoint); counted as zero. */
  unpriced: number;
  /** Calls sent and never settled (the process was killed with them in flight): counted at their worst case. */
  reserved: number;
}

export interface CostReport {
  total: CostLine;
  byRole: CostLine[];
  byStage: CostLine[];
  byModel: CostLine[];
}

type Calls = readonly Pick<ModelCallRecord, 'role' | 'stageId' | 'provider' | 'model' | 'source' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'costUsd'>[];

function line(key: string, calls: Calls): CostLine {
  let cost: Usd = 0n;
  let unpriced = 0;
  for (const call of calls) {
    if (call.costUsd !== null) cost += parseUsd(call.costUsd);
    else if (call.source === 'live' || call.source === 'reserved') unpriced++;
  }
  return {
    key,
    calls: calls.length,
    cached: calls.filter((call) => call.source === 'cache' || call.source === 'replay').length,
    reserved: calls.filter((call) => call.source === 'reserved').length,
    inputTokens: calls.reduce((sum, call) => sum + call.inputTokens, 0),
    cachedInputTokens: calls.reduce((sum, call) => sum + call.cachedInputTokens, 0),
    outputTokens: calls.reduce((sum, call) => sum + call.outputTokens, 0),
    costUsd: formatUsd(cost),
    unpriced,
  };
}

/** Groups in first-seen order, which is the order the run made its calls. */
function groupBy(calls: Calls, keyOf: (call: Calls[number]) => string): CostLine[] {
  const groups = new Map<string, Calls[number][]>();
  for (const call of calls) {
    const key = keyOf(call);
    groups.set(key, [...(groups.get(key) ?? []), call]);
  }
  return [...groups].map(([key, group]) => line(key, group));
}

/** A run's ledger broken down by role, stage and model, with totals; sums are exact. */
export function costReport(calls: Calls): CostReport {
  return {
    total: line('total', calls),
    byRole: groupBy(calls, (call) => call.role ?? '(none)'),
    byStage: groupBy(calls, (call) => call.stageId ?? '(none)'),
    byModel: groupBy(calls, (call) => `${call.provider}:${call.model}`),
  };
}

function tokens(count: number): string {
  return count >= 1_000 ? `${(count / 1_000).toFixed(1)}k` : String(count);
}

/** The share of input tokens a provider served from its prompt cache, as a percentage. */
export function cacheShare(entry: Pick<CostLine, 'inputTokens' | 'cachedInputTokens'>): number {
  return entry.inputTokens === 0 ? 0 : Math.round((Math.min(entry.cachedInputTokens, entry.inputTokens) / entry.inputTokens) * 100);
}

function row(entry: CostLine, width: number): string {
  const cached = entry.cached > 0 ? `, ${entry.cached} cached` : '';
  const promptCache = entry.cachedInputTokens > 0 ? ` (${cacheShare(entry)}% from the prompt cache)` : '';
  return `  ${entry.key.padEnd(width)}  ${displayUsd(parseUsd(entry.costUsd)).padStart(9)}  ${`${plural(entry.calls, 'call')}${cached}`.padEnd(20)} ${tokens(entry.inputTokens).padStart(7)} in ${tokens(entry.outputTokens).padStart(7)} out${promptCache}`;
}

/** What the run delivered: the code and tests it wrote, in non-blank lines as they are now. */
export interface Delivered {
  files: number;
  lines: number;
  /** Input and output tokens of every call, per delivered line; null when nothing was delivered. */
  tokensPerLine: number | null;
}

export function deliveredFigures(total: Pick<CostLine, 'inputTokens' | 'outputTokens'>, files: readonly string[]): Delivered {
  const lines = files.reduce((sum, text) => sum + text.split('\n').filter((line) => line.trim() !== '').length, 0);
  return { files: files.length, lines, tokensPerLine: lines === 0 ? null : Number(((total.inputTokens + total.outputTokens) / lines).toFixed(1)) };
}

/** The report as the terminal shows it. */
export function formatCostReport(report: CostReport, delivered?: Delivered): string[] {
  const { total } = report;
  const lines = [
    `total ${displayUsd(parseUsd(total.costUsd))} (exactly $${total.costUsd}) over ${plural(total.calls, 'call')}: ${total.calls - total.cached} paid, ${total.cached} from cache or replay (cost 0); ${tokens(total.inputTokens)} tokens in (${tokens(total.cachedInputTokens)}, ${cacheShare(total)}%, from the provider's prompt cache), ${tokens(total.outputTokens)} out`,
  ];
  if (delivered && delivered.tokensPerLine !== null) {
    lines.push(`delivered ${plural(delivered.lines, 'line')} of code and tests in ${plural(delivered.files, 'file')}: ${delivered.tokensPerLine} tokens per line`);
  }
  for (const [title, entries] of [
    ['by role', report.byRole],
    ['by stage', report.byStage],
    ['by model', report.byModel],
  ] as const) {
    const width = Math.max(...entries.map((entry) => entry.key.length), 8);
    lines.push('', title, ...entries.map((entry) => row(entry, width)));
  }
  if (total.unpriced > 0) lines.push('', `${plural(total.unpriced, 'call')} went to models with no known price and are counted as $0.`);
  if (total.reserved > 0) {
    lines.push('', `${plural(total.reserved, 'call')} ${total.reserved === 1 ? 'was' : 'were'} sent but never answered here (the process was stopped while ${total.reserved === 1 ? 'it was' : 'they were'} in flight); ${total.reserved === 1 ? 'it is' : 'they are'} counted at the most the provider may bill.`);
  }
  return lines;
}
