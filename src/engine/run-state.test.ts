import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/store.js';
import { foldRunState } from './run-state.js';
import type { RunPlan } from './run-plan.js';

const plan = { workflow: { stages: [{ id: 'prd', roleId: 'pm' }] }, roles: { pm: { displayName: 'Product Manager' } } } as unknown as RunPlan;

function call(seq: number, costUsd: string): EventRecord {
  return {
    seq,
    runId: 'r-1',
    type: 'llm.call.finished',
    stageId: 'prd',
    taskId: null,
    at: new Date(0).toISOString(),
    payload: { model: 'm', provider: 'p', source: 'live', usage: { inputTokens: 10, outputTokens: 5 }, latencyMs: 1, requestHash: 'h', costUsd },
  };
}

describe('the fold of a run’s events', () => {
  it('skips a crafted cost (a huge exponent would stall the exact sum) and keeps every other event', () => {
    const state = foldRunState(plan, [call(1, '0.25'), call(2, '1e999999999'), call(3, '0.5')]);
    expect(state.cost).toBe(750_000_000_000_000_000n);
    expect(state.stages.get('prd')?.calls).toBe(2);
  });
});
