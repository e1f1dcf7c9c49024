import { describe, expect, it } from 'vitest';
import { StageFailedError } from './errors.js';
import { budgetStopMessage, findBudgetStop } from './run-stop.js';

class Budget extends Error {
  override readonly name = 'BudgetExceededError';
}

describe('findBudgetStop', () => {
  it('finds the budget error itself, behind a cause, or among a stage’s task failures', () => {
    const budget = new Budget('budget reached');
    expect(findBudgetStop(budget)).toBe(budget);
    expect(findBudgetStop(new Error('wrapped', { cause: budget }))).toBe(budget);
    expect(findBudgetStop(new StageFailedError('implement', 'task T2: budget reached', [new Error('other'), budget]))).toBe(budget);
    expect(findBudgetStop(new Error('a 401'))).toBeUndefined();
    expect(findBudgetStop('not an error')).toBeUndefined();
  });
});

describe('budgetStopMessage', () => {
  it('adds how to resume unless the message already says it for this run', () => {
    expect(budgetStopMessage(new Budget('budget reached'), 'r-1')).toBe('budget reached. Everything done so far is kept; continue with a larger budget: atelier resume r-1 --budget MORE');
    const said = new Budget('budget reached: continue with atelier resume r-1 --budget 2.00');
    expect(budgetStopMessage(said, 'r-1')).toBe(said.message);
  });
});
