import { BudgetExceededError, type BudgetGuard } from './budget.js';
import { refusalFor } from './choice-refusal.js';
import { explainChain } from './explain-choice.js';
import type { ModelChoice, ModelRouter } from './model-router.js';
import { routeFor, type Route } from './route.js';
import type { LlmEvent, StructuredRequest } from './types.js';
import { displayUsd, type Usd } from './usd.js';

export { NoUsableModelError } from './no-usable-model-error.js';

/**
 * Where the budget made selection pass over the model it would otherwise have chosen, the model
 * passed over and why. Never for a pinned model: that one answers or the call stops.
 */
function budgetTrade(choice: ModelChoice, unbudgeted: ModelChoice, remaining: Usd): { model: string; reason: string } | undefined {
  const wanted = unbudgeted.chain[0];
  if (choice.pinnedBy !== undefined || wanted === undefined || wanted.candidate.ref === choice.chain[0]?.candidate.ref) return undefined;
  const worst = wanted.worstCase !== undefined ? ` (up to ${displayUsd(wanted.worstCase)})` : '';
  return { model: wanted.candidate.ref, reason: `its worst case${worst} is more than the ${displayUsd(remaining)} left of the budget` };
}

/**
 * The models one call goes to, best first. The budget's remaining amount is part of the choice:
 * where nothing pins the model, one whose worst case does not fit is passed over for one that
 * does, and the selection event says so. A pinned model that does not fit, or no model at all,
 * stops the call with `BudgetExceededError` (or `NoUsableModelError`) before anything is sent.
 */
export async function chooseRoutes<T>(
  router: ModelRouter,
  request: StructuredRequest<T>,
  options: { promptTokens: number; budget?: BudgetGuard; lastChoice: Map<string, string>; emit: (event: LlmEvent) => void },
): Promise<Route[]> {
  const context = request.context;
  const remaining = options.budget ? await options.budget.remaining(context.runId) : undefined;
  const choose = (remainingBudget?: Usd) =>
    router.choose({
      stageId: context.stageId,
      role: context.role,
      ...(context.modelPreferences ? { modelPreferences: context.modelPreferences } : {}),
      ...(context.stageModel ? { stageModel: context.stageModel } : {}),
      promptTokens: options.promptTokens,
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
      ...(remainingBudget !== undefined ? { remainingBudget } : {}),
    });
  const choice = choose(remaining);
  if (choice.chain.length === 0) {
    const error = await refusalFor(choice, () => choose(), context, options.budget);
    if (BudgetExceededError.isInstance(error)) {
      options.emit({ type: 'llm.budget.exceeded', context, spentUsd: error.spentUsd, limitUsd: error.limitUsd, neededUsd: error.neededUsd });
    }
    throw error;
  }
  const refs = choice.chain.map((entry) => entry.candidate.ref);
  const key = refs.join(' > ');
  if (options.lastChoice.get(context.stageId) !== key) {
    options.lastChoice.set(context.stageId, key);
    const traded = remaining !== undefined ? budgetTrade(choice, choose(), remaining) : undefined;
    const reasons = explainChain(choice);
    options.emit({
      type: 'llm.model.selected',
      context,
      task: choice.task,
      primary: refs[0]!,
      backups: refs.slice(1),
      reasons: traded ? [`instead of ${traded.model}: ${traded.reason}`, ...reasons] : reasons,
      ...(traded ? { insteadOf: traded } : {}),
    });
  }
  return choice.chain.map((entry) => routeFor(entry.candidate, router));
}

/** What `describe()` shows for a router: the model every call is pinned to, or that it varies by task. */
export function describeRouter(router: ModelRouter): { provider: string; model: string } {
  const pin = router.pinFor({ stageId: '', role: '' });
  const pinned = pin ? router.resolveRef(pin.ref) : undefined;
  if (pinned) return { provider: pinned.provider.name, model: pinned.modelId };
  return { provider: 'auto', model: `chosen per task (${router.optimize})` };
}
