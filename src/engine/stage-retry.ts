import { StageFailedError } from './errors.js';

/**
 * Errors that fail the same way however often the stage runs: a stopped budget, a refused key or
 * an unknown model, bad configuration, a replay that has no answer, a broken store or sandbox.
 * Matched by their stable names, so the engine needs none of the layers' classes.
 */
const PERMANENT = new Set([
  'BudgetExceededError',
  'ConfigError',
  'ConfigErrors',
  'ModelConfigError',
  'NoModelConfiguredError',
  'NoUsableModelError',
  'CassetteError',
  'CassetteMissError',
  'StoreError',
  'SandboxError',
  'EventLogError',
  'LeaseLostError',
]);

/** True when running the stage again cannot help: it is not retried. */
export function isPermanentFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  if (PERMANENT.has(error.name)) return true;
  // A model call the llm layer judged permanent (401, 402, 404, a context too long).
  if (error.name === 'ModelCallError' && (error as Error & { transient?: unknown }).transient === false) return true;
  if (StageFailedError.isInstance(error) && error.causes.some((cause) => isPermanentFailure(cause, depth + 1))) return true;
  return isPermanentFailure(error.cause, depth + 1);
}
