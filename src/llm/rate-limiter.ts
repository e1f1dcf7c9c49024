import type { RateLimit } from './providers.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';

const WINDOW_MS = 60_000;
/** Successful calls after which a concurrency lowered by a 429 is raised by one again. */
const RECOVER_AFTER = 25;

/** One thing limits apply to: a provider, or one model on it. */
export interface LimitScopeRef {
  key: string;
  /** Configured limits (atelier.config.yml); learned ones only tighten them. */
  limit?: RateLimit;
}

class ScopeState {
  inFlight = 0;
  starts: number[] = [];
  tokens: { at: number; count: number }[] = [];
  pausedUntil = 0;
  learned: RateLimit = {};
  successes = 0;

  constructor(public configured: RateLimit = {}) {}

  private effective(name: keyof RateLimit): number | undefined {
    const values = [this.configured[name], this.learned[name]].filter((value): value is number => value !== undefined);
    return values.length > 0 ? Math.min(...values) : undefined;
  }

  /** Drops what left the window. Both lists are appended in time order, so what expired is a prefix. */
  private expire(now: number): void {
    const cutoff = now - WINDOW_MS;
    let starts = 0;
    while (starts < this.starts.length && this.starts[starts]! <= cutoff) starts++;
    if (starts > 0) this.starts.splice(0, starts);
    let tokens = 0;
    while (tokens < this.tokens.length && this.tokens[tokens]!.at <= cutoff) tokens++;
    if (tokens > 0) this.tokens.splice(0, tokens);
  }

  /** 0 when a call may start now; otherwise ms until it might (Infinity: until a call ends). */
  waitMs(now: number, tokens: number): { ms: number; limit?: string } {
    this.expire(now);
    if (this.pausedUntil > now) return { ms: this.pausedUntil - now, limit: 'the provider asked to wait' };
    const concurrency = this.effective('concurrency');
    if (concurrency !== undefined && this.inFlight >= concurrency) return { ms: Number.POSITIVE_INFINITY, limit: `${concurrency} concurrent` };
    const rpm = this.effective('rpm');
    if (rpm !== undefined && this.starts.length >= rpm) {
      return { ms: Math.max(1, this.starts[this.starts.length - rpm]! + WINDOW_MS - now), limit: `${rpm} requests per minute` };
    }
    const tpm = this.effective('tpm');
    const used = tpm === undefined ? 0 : this.tokens.reduce((sum, entry) => sum + entry.count, 0);
    if (tpm !== undefined && used > 0 && used + tokens > tpm) {
      // Wait until enough of the window expires; a call larger than the whole allowance runs alone rather than never.
      let left = used;
      for (const entry of this.tokens) {
        left -= entry.count;
        if (left + tokens <= tpm || left <= 0) return { ms: Math.max(1, entry.at + WINDOW_MS - now), limit: `${tpm} tokens per minute` };
      }
    }
    return { ms: 0 };
  }
}

interface Waiter {
  scopes: ScopeState[];
  tokens: number;
  enqueuedAt: number;
  limit?: string;
  grant: (permit: RatePermit) => void;
}

/** Held while a call is in flight; `release` with the tokens it really used. */
export interface RatePermit {
  waitedMs: number;
  /** The limit that made the call wait, when it waited. */
  limitedBy?: string;
  release(actualTokens?: number): void;
}

/**
 * Keeps calls under each provider's and model's limits: requests in flight, requests per
 * minute and tokens per minute, from the configuration and from what `x-ratelimit-*` headers
 * and 429s teach. Calls wait in order, so none is starved.
 */
export class RateLimiter {
  private readonly scopes = new Map<string, ScopeState>();
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  private scope(ref: LimitScopeRef): ScopeState {
    let state = this.scopes.get(ref.key);
    if (!state) {
      state = new ScopeState(ref.limit);
      this.scopes.set(ref.key, state);
    }
    return state;
  }

  acquire(refs: readonly LimitScopeRef[], tokens: number): Promise<RatePermit> {
    const scopes = refs.map((ref) => this.scope(ref));
    return new Promise((grant) => {
      this.queue.push({ scopes, tokens, enqueuedAt: this.now(), grant });
      this.pump();
    });
  }

  /** Learns from a response's headers: the provider's stated limits, and a pause when none are left. */
  learn(refs: readonly LimitScopeRef[], headers: Record<string, string> | undefined): void {
    const learned = readRateLimitHeaders(headers, this.now());
    for (const ref of refs) {
      const state = this.scope(ref);
      if (learned.rpm !== undefined) state.learned.rpm = learned.rpm;
      if (learned.tpm !== undefined) state.learned.tpm = learned.tpm;
      if (learned.pauseMs !== undefined) state.pausedUntil = Math.max(state.pausedUntil, this.now() + learned.pauseMs);
    }
    this.pump();
  }

  /** A 429: nothing more goes to the scope for `pauseMs`, and it runs one call fewer at once. */
  rateLimited(refs: readonly LimitScopeRef[], pauseMs: number): void {
    for (const ref of refs) {
      const state = this.scope(ref);
      state.pausedUntil = Math.max(state.pausedUntil, this.now() + pauseMs);
      if (state.inFlight > 1) state.learned.concurrency = Math.min(state.learned.concurrency ?? Number.POSITIVE_INFINITY, state.inFlight - 1);
      state.successes = 0;
    }
    this.pump();
  }

  private pump(): void {
    const now = this.now();
    const blocked = new Set<ScopeState>();
    let nextAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.queue.length; i++) {
      const waiter = this.queue[i]!;
      // Order is kept per scope: a call does not overtake an earlier one waiting on the same limit.
      if (waiter.scopes.some((scope) => blocked.has(scope))) continue;
      let wait = 0;
      for (const scope of waiter.scopes) {
        const result = scope.waitMs(now, waiter.tokens);
        if (result.ms === 0) continue;
        // Only the scope that is full holds later calls back; the others stay open to them.
        blocked.add(scope);
        if (result.ms > wait) {
          wait = result.ms;
          waiter.limit = result.limit;
        }
      }
      if (wait > 0) {
        nextAt = Math.min(nextAt, now + wait);
        continue;
      }
      this.queue.splice(i--, 1);
      this.start(waiter, now);
    }
    if (this.queue.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
    }
    this.schedule(nextAt);
  }

  private start(waiter: Waiter, now: number): void {
    const entries = waiter.scopes.map((scope) => {
      scope.inFlight++;
      scope.starts.push(now);
      const entry = { at: now, count: waiter.tokens };
      scope.tokens.push(entry);
      return { scope, entry };
    });
    let released = false;
    const waitedMs = now - waiter.enqueuedAt;
    waiter.grant({
      waitedMs,
      ...(waitedMs > 0 && waiter.limit ? { limitedBy: waiter.limit } : {}),
      release: (actualTokens) => {
        if (released) return;
        released = true;
        for (const { scope, entry } of entries) {
          scope.inFlight--;
          if (actualTokens !== undefined) entry.count = actualTokens;
          if (scope.learned.concurrency !== undefined && ++scope.successes >= RECOVER_AFTER) {
            scope.learned.concurrency++;
            scope.successes = 0;
          }
        }
        this.pump();
      },
    });
  }

  private schedule(at: number): void {
    if (at === Number.POSITIVE_INFINITY || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, Math.max(0, at - this.now()));
  }
}
