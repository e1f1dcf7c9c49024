import { describe, expect, it } from 'vitest';
import { memoryLlmStore } from './mock-model.test-support.js';
import { keepAccepted, mayServe, projectCacheKey, readCachedAnswer, rejectServed, runCacheKey, type CachedAnswer, type ChainLink } from './response-cache.js';

const usage = { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 };

function link(key: string, text: string, served?: ChainLink['served']): ChainLink {
  return { keys: [key], answer: { text, usage }, provider: 'fake', model: 'weak', ...(served ? { served } : {}) };
}

async function verdictAt(store: ReturnType<typeof memoryLlmStore>, key: string) {
  return (await readCachedAnswer(store, key))?.verdict;
}

describe('the response cache', () => {
  it('serves an accepted or repaired answer, and an unjudged one only if it passes now; never a rejected one', () => {
    const entry = (verdict?: CachedAnswer['verdict']): CachedAnswer => ({ text: '{}', usage, ...(verdict ? { verdict } : {}) });
    expect(mayServe(entry('accepted'), true)).toBe(true);
    expect(mayServe(entry('accepted'), false)).toBe(false);
    expect(mayServe(entry('repaired'), false)).toBe(true);
    expect(mayServe(entry('rejected'), true)).toBe(false);
    expect(mayServe(entry(), true)).toBe(true);
    expect(mayServe(entry(), false)).toBe(false);
  });

  it('keys a run by the request alone, a project by the request and the model that answered', () => {
    const request = { system: 's', messages: [{ role: 'user' as const, content: 'idea' }], schemaName: 'prd' };
    expect(runCacheKey('r-1', 'abc')).toBe('run:r-1:abc');
    expect(projectCacheKey(request, 'fake:weak', [])).not.toBe(projectCacheKey(request, 'fake:strong', []));
    expect(projectCacheKey(request, 'fake:weak', [])).toBe(projectCacheKey(request, 'fake:weak', []));
  });

  it('keeps a conversation that ended accepted: the answer, and the failed ones before it as repaired, with who answered', async () => {
    const store = memoryLlmStore();
    await keepAccepted(store, [link('k1', 'bad'), link('k2', 'still bad')], link('k3', 'good'));
    expect(await verdictAt(store, 'k3')).toBe('accepted');
    expect(await verdictAt(store, 'k1')).toBe('repaired');
    expect(await verdictAt(store, 'k2')).toBe('repaired');
    expect(await readCachedAnswer(store, 'k3')).toMatchObject({ text: 'good', provider: 'fake', model: 'weak' });
    // The accepted answer is written first: a crash part-way never leaves a repaired entry leading nowhere.
    expect([...store.cache.keys()]).toEqual(['k3', 'k2', 'k1']);
  });

  it('marks what it served to a conversation that led nowhere as rejected; live failures were never kept', async () => {
    const store = memoryLlmStore();
    await keepAccepted(store, [link('k1', 'bad')], link('k2', 'good'));
    await rejectServed(store, [link('k1', 'bad', { verdict: 'repaired' }), link('k9', 'live and bad')]);
    expect(await verdictAt(store, 'k1')).toBe('rejected');
    expect(await readCachedAnswer(store, 'k9')).toBeUndefined();
  });

  it('rewrites nothing an entry already says, and asks again rather than trust a row it cannot read', async () => {
    const store = memoryLlmStore();
    await store.putCachedResponse('odd', { text: 42 });
    expect(await readCachedAnswer(store, 'odd')).toBeUndefined();
    await keepAccepted(store, [], link('k1', 'good', { verdict: 'accepted' }));
    expect(store.cache.has('k1')).toBe(false);
    expect(await readCachedAnswer(undefined, 'k1')).toBeUndefined();
  });
});
