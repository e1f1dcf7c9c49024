import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, type LimitScopeRef, type RatePermit } from './rate-limiter.js';
import { parseResetDuration, readRateLimitHeaders } from './rate-limit-headers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` acquisitions and reports which have been granted so far. */
function contenders(limiter: RateLimiter, count: number, scopes: LimitScopeRef[] = [{ key: 'p', limit: { concurrency: 2 } }], tokens = 10) {
  const granted: RatePermit[] = [];
  for (let i = 0; i < count; i++) void limiter.acquire(scopes, tokens).then((permit) => granted.push(permit));
  return granted;
}

describe('RateLimiter', () => {
  it('keeps requests in flight at or under the configured concurrency, in order', async () => {
    const limiter = new RateLimiter(Date.now);
    const granted = contenders(limiter, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(2);
    granted[0]!.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(3);
  });

  it('spaces requests to stay under requests per minute, and says which limit made a call wait', async () => {
    const limiter = new RateLimiter(Date.now);
    const granted = contenders(limiter, 3, [{ key: 'm', limit: { rpm: 2 } }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(granted).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(3);
    expect(granted[2]).toMatchObject({ waitedMs: 60_000, limitedBy: '2 requests per minute' });
  });

  it('counts tokens per minute, with the tokens a call really used', async () => {
    const limiter = new RateLimiter(Date.now);
    const scope = [{ key: 'm', limit: { tpm: 1_000 } }];
    const first = await limiter.acquire(scope, 900);
    first.release(400);
    const second = await limiter.acquire(scope, 500);
    second.release(500);
    const granted = contenders(limiter, 1, scope, 300);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(granted).toHaveLength(1);
  });

  it('applies provider and model limits together, without one model holding up another', async () => {
    const limiter = new RateLimiter(Date.now);
    const a = [{ key: 'provider', limit: { concurrency: 3 } }, { key: 'model-a', limit: { concurrency: 1 } }];
    const b = [{ key: 'provider', limit: { concurrency: 3 } }, { key: 'model-b' }];
    const grantedA = contenders(limiter, 2, a);
    const grantedB = contenders(limiter, 3, b);
    await vi.advanceTimersByTimeAsync(0);
    expect(grantedA).toHaveLength(1);
    expect(grantedB).toHaveLength(2);
  });

  it('pauses a scope when the headers say nothing is left, and after a 429 runs one call fewer', async () => {
    const limiter = new RateLimiter(Date.now);
    const scope = [{ key: 'p' }];
    limiter.learn(scope, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' });
    const granted = contenders(limiter, 1, scope);
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveLength(1);

    const held = [await limiter.acquire(scope, 1), await limiter.acquire(scope, 1), await limiter.acquire(scope, 1)];
    limiter.rateLimited(scope, 100);
    held.forEach((permit) => permit.release());
    granted[0]!.release();
    const after = contenders(limiter, 4, scope);
    await vi.advanceTimersByTimeAsync(100);
    expect(after).toHaveLength(3);
  });
});

describe('rate-limit headers', () => {
  it("reads OpenAI's, Anthropic's and OpenRouter's", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(readRateLimitHeaders({ 'x-ratelimit-limit-requests': '5000', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '12ms', 'x-ratelimit-limit-tokens': '160000', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' }, now)).toEqual({ rpm: 5000, tpm: 160000, pauseMs: 360_000 });
    expect(readRateLimitHeaders({ 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:20Z' }, now)).toEqual({ rpm: 50, pauseMs: 20_000 });
    expect(readRateLimitHeaders({ 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(now + 5_000) }, now)).toEqual({ rpm: 20, pauseMs: 5_000 });
    expect(readRateLimitHeaders({ 'content-type': 'application/json' })).toEqual({});
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('soon')).toBeUndefined();
  });
});
