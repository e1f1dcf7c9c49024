import { BudgetExceededError, type BudgetGuard } from './budget.js';
import type { ModelRouter } from './model-router.js';
import { routeFor, type Route } from './route.js';
import { explainChain } from './explain-choice.js';
import type { LlmEvent, StructuredRequest } from './types.js';
import { AtelierError } from '../errors/atelier-error.js';

/** Selection found nothing the call can use; says what ruled each model out. */
export class NoUsableModelError extends AtelierError {
  override readonly name = 'NoUsableModelError';
  constructor(label: string, reasons: string[]) {
    super(
      `${label}: no model can take this call. ${reasons.length > 0 ? `Ruled out: ${reasons.join('; ')}. ` : ''}` +
        'Check `atelier models recommend` and the models, providers and free_only settings in atelier.config.yml.',
    );
  }
}

/**
 * The models one call goes to, best first. The budget's remaining amount is part of the
 * choice (a model whose worst case does not fit is passed over for one that does); when none
 * fits, `BudgetExceededError` stops the run before anything is sent.
 */
export async function chooseRoutes<T>(
  router: ModelRouter,
  request: StructuredRequest<T>,
  options: { promptTokens: number; budget?: BudgetGuard; lastChoice: Map<string, string>; emit: (event: LlmEvent) => void },
): Promise<Route[]> {
  const context = request.context;
  const remaining = options.budget ? await options.budget.remaining(context.runId) : undefined;
  const choice = router.choose({
    stageId: context.stageId,
    role: context.role,
    ...(context.modelPreferences ? { modelPreferences: context.modelPreferences } : {}),
    ...(context.stageModel ? { stageModel: context.stageModel } : {}),
    promptTokens: options.promptTokens,
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    ...(remaining !== undefined ? { remainingBudget: remaining } : {}),
  });
  if (choice.chain.length === 0) {
    const overBudget = choice.selection.excluded.filter((entry) => entry.reason.includes('budget'));
    if (options.budget && overBudget.length > 0) {
      const cheapest = router.choose({ stageId: context.stageId, role: context.role, promptTokens: options.promptTokens }).selection.ranked
        .map((entry) => entry.worstCase)
        .filter((cost): cost is bigint => cost !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
      const spent = await options.budget.spentSoFar(context.runId);
      const error = new BudgetExceededError({
        runId: context.runId,
        label: context.label,
        model: overBudget[0]!.candidate.ref,
        spent,
        inFlight: options.budget.limit - spent - (remaining ?? 0n),
        limit: options.budget.limit,
        needed: cheapest ?? 0n,
      });
      options.emit({ type: 'llm.budget.exceeded', context, spentUsd: error.spentUsd, limitUsd: error.limitUsd, neededUsd: error.neededUsd });
      throw error;
    }
    const reasons = [...new Set(choice.selection.excluded.map((entry) => entry.reason))];
    throw new NoUsableModelError(context.label, reasons);
  }
  const refs = choice.chain.map((entry) => entry.candidate.ref);
  const key = refs.join(' > ');
  if (options.lastChoice.get(context.stageId) !== key) {
    options.lastChoice.set(context.stageId, key);
    options.emit({ type: 'llm.model.selected', context, task: choice.task, primary: refs[0]!, backups: refs.slice(1), reasons: explainChain(choice) });
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
