import { StageFailedError } from './errors.js';

/**
 * The budget error the llm layer throws, found through the wrappers a stage or a fan-out puts
 * around it (`cause`, a StageFailedError's `causes`). Matched by name: the engine does not
 * import the llm layer's error class, only its stable name.
 */
export function findBudgetStop(error: unknown, depth = 0): Error | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  if (error.name === 'BudgetExceededError') return error;
  if (StageFailedError.isInstance(error)) {
    for (const cause of error.causes) {
      const found = findBudgetStop(cause, depth + 1);
      if (found) return found;
    }
  }
  return findBudgetStop(error.cause, depth + 1);
}

/** What the user reads when the budget stops a run: the reason, and the command that continues it. */
export function budgetStopMessage(error: Error, runId: string): string {
  const resume = `atelier resume ${runId} --budget`;
  return error.message.includes(resume) ? error.message : `${error.message}. Everything done so far is kept; continue with a larger budget: ${resume} MORE`;
}
