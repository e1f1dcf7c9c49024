import { describe, expect, it } from 'vitest';
import { formatUsd } from '../llm/index.js';
import { modelSettingsFromFlags, parseAssignments, parseBudget, parseOptimize } from './model-flags.js';
import { UsageError } from './usage-error.js';

describe('model flags', () => {
  it('reads a budget in dollars exactly, and refuses what is not one', () => {
    expect(formatUsd(parseBudget('2.50'))).toBe('2.5');
    expect(() => parseBudget('two dollars')).toThrow('--budget must be an amount in US dollars, e.g. --budget 2.50, not "two dollars"');
    expect(() => parseBudget('0')).toThrow(UsageError);
  });

  it('reads --optimize and NAME=MODEL assignments', () => {
    expect(parseOptimize('cost')).toBe('cost');
    expect(() => parseOptimize('cheap')).toThrow('--optimize must be one of cost, quality, balanced');
    expect(parseAssignments(['write_prd=openai/gpt-4.1-mini', 'implement = ollama:qwen2.5-coder'], '--stage-model')).toEqual({
      write_prd: 'openai/gpt-4.1-mini',
      implement: 'ollama:qwen2.5-coder',
    });
    expect(() => parseAssignments(['write_prd'], '--stage-model')).toThrow('--stage-model takes NAME=MODEL');
  });

  it('turns the flags into the typed settings a run keeps, only those given, cassettes made absolute', () => {
    expect(modelSettingsFromFlags({ model: 'm', budget: '2.50', stageModel: ['a=b'], replay: 'x.json', json: true, explainModels: true }, '/work')).toEqual({
      model: 'm',
      budgetUsd: '2.5',
      stageModels: { a: 'b' },
      replay: '/work/x.json',
    });
    expect(modelSettingsFromFlags({}, '/work')).toEqual({});
    expect(() => modelSettingsFromFlags({ record: 'a', replay: 'b' }, '/work')).toThrow('--record and --replay cannot be used together');
  });
});
