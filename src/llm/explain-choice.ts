import type { ModelChoice } from './model-router.js';
import type { RankedCandidate } from './select-model.js';
import { TASK_PROFILES } from './task-types.js';
import { displayUsd, parseUsd, perMillion } from './usd.js';

function contextText(tokens: number | undefined): string {
  if (tokens === undefined) return 'context unknown';
  return tokens >= 1_000_000 ? `${+(tokens / 1_000_000).toFixed(2)}M context` : `${Math.round(tokens / 1_000)}k context`;
}

/** Prices as people quote them: "$3 / $15 per M tokens", "free", "price unknown". */
export function priceText(entry: Pick<RankedCandidate, 'candidate'>): string {
  const pricing = entry.candidate.model.pricing;
  if (pricing === undefined) return 'price unknown';
  if (Number(pricing.prompt) === 0 && Number(pricing.completion) === 0) return 'free';
  return `$${perMillion(parseUsd(pricing.prompt))} / $${perMillion(parseUsd(pricing.completion))} per M tokens`;
}

/** One line per model: why it is where it is in the chain. */
export function describeRanked(entry: RankedCandidate): string {
  const caps = entry.candidate.model.capabilities;
  const facts = [
    ...entry.notes,
    contextText(entry.candidate.model.contextLength),
    priceText(entry),
    ...(entry.typicalCost !== undefined && entry.typicalCost > 0n ? [`~${displayUsd(entry.typicalCost)} a typical call`] : []),
    ...(caps.structuredOutputs ? ['structured output'] : []),
    ...(caps.reasoning ? ['reasoning'] : []),
  ];
  return `${entry.candidate.ref} (${facts.join(', ')})`;
}

/** Why each model was ruled out, counted by reason. */
function exclusionSummary(choice: ModelChoice): string | undefined {
  const counts = new Map<string, number>();
  for (const { reason } of choice.selection.excluded) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  return `ruled out: ${[...counts].map(([reason, count]) => `${count} ${reason}`).join('; ')}`;
}

/** The choice and why, as lines: the task's needs, the primary, each backup, what was relaxed and ruled out. */
export function explainChain(choice: ModelChoice): string[] {
  const [primary, ...backups] = choice.chain;
  const lines = [`${choice.task}: ${TASK_PROFILES[choice.task].summary}`];
  if (primary) lines.push(`primary ${describeRanked(primary)}`);
  backups.forEach((entry, index) => lines.push(`backup ${index + 1} ${describeRanked(entry)}`));
  if (backups.length === 0 && primary) lines.push('no backup: no other usable model meets the requirements');
  const out = choice.pinnedOut;
  if (out) lines.push(`${out.ref}, pinned by ${out.by}, is ruled out (${out.reason}): its calls stop rather than go to another model`);
  for (const relaxed of choice.selection.relaxed) lines.push(`relaxed (no model met it): ${relaxed}`);
  const excluded = exclusionSummary(choice);
  if (excluded) lines.push(excluded);
  return lines;
}
