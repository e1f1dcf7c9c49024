import { BudgetExceededError, type BudgetGuard } from './budget.js';
import type { ModelChoice } from './model-router.js';
import { NoUsableModelError } from './no-usable-model-error.js';
import type { CallContext } from './types.js';
import type { Usd } from './usd.js';

function byCost(a: Usd, b: Usd): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why a call has no model, as the error that stops it: the budget (with what the call needs, so
 * the message can say how much to add), or the requirements that ruled every model out. A pinned
 * model that a requirement rules out is named as such: nothing else is tried in its place.
 * `unbudgeted` is the same choice made as if there were no budget.
 */
export async function refusalFor(
  choice: ModelChoice,
  unbudgeted: () => ModelChoice,
  context: CallContext,
  budget: BudgetGuard | undefined,
): Promise<BudgetExceededError | NoUsableModelError> {
  const pinned = choice.pinnedOut;
  const overBudget = pinned ? (pinned.reason.includes('budget') ? [pinned.ref] : []) : choice.selection.excluded.filter((entry) => entry.reason.includes('budget')).map((entry) => entry.candidate.ref);
  if (budget && overBudget.length > 0) {
    const ranked = unbudgeted().selection.ranked.filter((entry) => !pinned || entry.candidate.ref === pinned.ref);
    const needed = ranked.map((entry) => entry.worstCase).filter((cost): cost is Usd => cost !== undefined).sort(byCost)[0];
    const [spent, remaining] = await Promise.all([budget.spentSoFar(context.runId), budget.remaining(context.runId)]);
    return new BudgetExceededError({ runId: context.runId, label: context.label, model: overBudget[0]!, spent, inFlight: budget.limit - spent - remaining, limit: budget.limit, needed: needed ?? 0n });
  }
  if (pinned) {
    return new NoUsableModelError(context.label, [`${pinned.ref}, pinned by ${pinned.by}: ${pinned.reason}`], `A pinned model is used as named or not at all: change ${pinned.by}, or the setting that rules it out.`);
  }
  return new NoUsableModelError(context.label, [...new Set(choice.selection.excluded.map((entry) => entry.reason))]);
}
