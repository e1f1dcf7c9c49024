import { describe, expect, it } from 'vitest';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { pickChain, preferenceRank, rankCandidates, type SelectionNeed, type SelectionPolicy } from './select-model.js';
import { parseUsd } from './usd.js';

const openrouter = endpoint('openrouter');
const sonnet = candidateOf(openrouter, catalogModel('anthropic/claude-sonnet-4.5', { context: 1_000_000, inPerM: '3', outPerM: '15', reasoning: true }));
const gpt5 = candidateOf(openrouter, catalogModel('openai/gpt-5', { context: 400_000, inPerM: '1.25', outPerM: '10', reasoning: true }));
const nano = candidateOf(openrouter, catalogModel('openai/gpt-5-nano', { context: 400_000, inPerM: '0.05', outPerM: '0.4' }));
const mini = candidateOf(openrouter, catalogModel('openai/gpt-5-mini', { context: 400_000, inPerM: '0.25', outPerM: '2' }));
const small = candidateOf(openrouter, catalogModel('meta-llama/llama-3.3-70b-instruct', { context: 16_000, inPerM: '0.13', outPerM: '0.39', structured: false }));
const free = candidateOf(openrouter, catalogModel('qwen/qwen3-coder:free', { context: 262_144, inPerM: '0', outPerM: '0' }));
const all = [sonnet, gpt5, nano, mini, small, free];

const code: SelectionNeed = { task: 'code_generation', reasoning: 'strong', contextTokens: 64_000, structuredOutputs: true };
const docs: SelectionNeed = { task: 'documentation', reasoning: 'basic', contextTokens: 32_000, structuredOutputs: true };
const policy = (overrides: Partial<SelectionPolicy> = {}): SelectionPolicy => ({
  optimize: 'balanced',
  freeOnly: false,
  preferences: ['claude-sonnet-4.5', 'gpt-5', 'qwen3-coder', 'gpt-5-mini'],
  ...overrides,
});
const refs = (entries: { candidate: { ref: string } }[]) => entries.map((entry) => entry.candidate.ref);

describe('preference lists', () => {
  it('match a model by name or with a version tag, and only loosely a size tier of it', () => {
    const list = ['claude-sonnet-4.5', 'gpt-5', 'qwen3-coder'];
    expect(preferenceRank(sonnet, list)).toBe(0);
    expect(preferenceRank(gpt5, list)).toBe(1);
    expect(preferenceRank(nano, list)).toBe('loose');
    expect(preferenceRank(free, list)).toBe(2);
    expect(preferenceRank(candidateOf(openrouter, catalogModel('openai/gpt-5-2025-08-07')), list)).toBe(1);
    expect(preferenceRank(small, list)).toBeUndefined();
    expect(preferenceRank(sonnet, ['openrouter:anthropic/claude-sonnet-4.5'])).toBe(0);
  });
});

describe('rankCandidates', () => {
  it('gives a demanding task the preferred model, and a simple one a cheap one', () => {
    expect(refs(rankCandidates(all, code, policy()).ranked)[0]).toBe(sonnet.ref);
    const documentation = rankCandidates(all, docs, policy({ preferences: ['gpt-5-mini', 'claude-sonnet-4.5'] })).ranked;
    expect(refs(documentation)[0]).toBe(mini.ref);
  });

  it('changes the trade-off with --optimize', () => {
    expect(refs(rankCandidates(all, code, policy({ optimize: 'quality' })).ranked)[0]).toBe(sonnet.ref);
    // Cost: the cheapest model strong enough for the task; the nano sibling is too weak for strong reasoning.
    const cheap = rankCandidates(all, code, policy({ optimize: 'cost' }));
    expect(refs(cheap.ranked)[0]).toBe(free.ref);
    expect(cheap.excluded.find((entry) => entry.candidate === nano)?.reason).toBe('too weak for strong reasoning');
  });

  it('keeps only free models with free_only', () => {
    const selection = rankCandidates(all, code, policy({ freeOnly: true }));
    expect(refs(selection.ranked)).toEqual([free.ref]);
    expect(selection.excluded).toHaveLength(all.length - 1);
  });

  it('leaves out a model whose context cannot hold the prompt, and one without structured output', () => {
    const selection = rankCandidates(all, { ...code, promptTokens: 500_000 }, policy());
    expect(refs(selection.ranked)).toEqual([sonnet.ref]);
    expect(selection.excluded.map((entry) => entry.reason)).toContain('a prompt of ~500000 tokens does not fit its context');
    expect(rankCandidates([small, mini], docs, policy()).excluded).toEqual([{ candidate: small, reason: 'no structured output' }]);
  });

  it('relaxes a soft requirement no model meets, and says so', () => {
    const selection = rankCandidates([small], code, policy());
    expect(refs(selection.ranked)).toEqual([small.ref]);
    expect(selection.relaxed).toEqual(['no structured output', 'context below the 64000 tokens the role asks for']);
  });

  it('passes over models whose worst case does not fit what is left of the budget', () => {
    // 8,000 prompt tokens + 16,384 output: sonnet's worst case is $0.27, gpt-5's $0.17.
    const selection = rankCandidates([sonnet, gpt5, mini], code, policy({ remainingBudget: parseUsd('0.2') }));
    expect(refs(selection.ranked)).toEqual([gpt5.ref, mini.ref]);
    expect(selection.ranked[0]!.worstCase).toBe(parseUsd('0.17384'));
  });
});

describe('pickChain', () => {
  it('puts a pinned model first and prefers backups from another vendor', () => {
    const ranked = rankCandidates(all, code, policy()).ranked;
    const chain = pickChain(ranked, 2);
    expect(refs(chain)).toEqual([sonnet.ref, gpt5.ref, free.ref]);
    const pinned = ranked.find((entry) => entry.candidate === mini)!;
    expect(refs(pickChain(ranked, 1, pinned))).toEqual([mini.ref, sonnet.ref]);
  });
});
