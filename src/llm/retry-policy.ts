/**
 * How transient failures are retried on the same model before the backup takes over:
 * exponential backoff with jitter, or exactly what the provider asked for in Retry-After.
 */
export interface RetryPolicy {
  /** Retries per model after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After than this is not waited out: the backup model takes over instead. */
  maxRetryAfterMs: number;
  /** Up to this fraction of each backoff is taken off at random, so parallel calls do not retry in lock-step. */
  jitter: number;
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  jitter: 0.25,
  random: Math.random,
};

/**
 * The wait before retry number `retry` (0 for the first retry), or undefined when the
 * provider asked for a longer wait than the policy allows.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : Math.ceil(retryAfterMs);
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(backoff * (1 - policy.jitter * policy.random()));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
