/** What a provider's response headers say about its limits right now. */
export interface LearnedLimits {
  /** Requests per minute the provider allows. */
  rpm?: number;
  tpm?: number;
  /** Milliseconds until requests may be sent again, when none are left. */
  pauseMs?: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** OpenAI's reset durations: `12ms`, `1s`, `6m0s`, `1h2m3.5s`. */
export function parseResetDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.trim()) return undefined;
  return Math.ceil(parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNITS[unit ?? 's'] ?? 1_000), 0));
}

/** A reset given as a duration, an RFC 3339 date (Anthropic) or epoch milliseconds / seconds (OpenRouter). */
function resetMs(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const duration = parseResetDuration(text);
  if (duration !== undefined) return duration;
  const number = Number(text);
  if (Number.isFinite(number)) {
    if (number > 1e12) return Math.max(0, number - now);
    if (number > 1e9) return Math.max(0, number * 1000 - now);
    return number * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Reads OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, Anthropic's
 * `anthropic-ratelimit-…` and OpenRouter's `x-ratelimit-{limit,remaining,reset}`.
 */
export function readRateLimitHeaders(headers: Record<string, string> | undefined, now: number = Date.now()): LearnedLimits {
  if (!headers) return {};
  const h = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const learned: LearnedLimits = {};
  const requests = {
    limit: h['x-ratelimit-limit-requests'] ?? h['anthropic-ratelimit-requests-limit'] ?? h['x-ratelimit-limit'],
    remaining: h['x-ratelimit-remaining-requests'] ?? h['anthropic-ratelimit-requests-remaining'] ?? h['x-ratelimit-remaining'],
    reset: h['x-ratelimit-reset-requests'] ?? h['anthropic-ratelimit-requests-reset'] ?? h['x-ratelimit-reset'],
  };
  const tokens = {
    limit: h['x-ratelimit-limit-tokens'] ?? h['anthropic-ratelimit-tokens-limit'],
    remaining: h['x-ratelimit-remaining-tokens'] ?? h['anthropic-ratelimit-tokens-remaining'],
    reset: h['x-ratelimit-reset-tokens'] ?? h['anthropic-ratelimit-tokens-reset'],
  };
  const rpm = positive(requests.limit);
  const tpm = positive(tokens.limit);
  if (rpm !== undefined) learned.rpm = rpm;
  if (tpm !== undefined) learned.tpm = tpm;
  const pauses = [requests, tokens]
    .filter((kind) => kind.remaining !== undefined && Number(kind.remaining) <= 0)
    .map((kind) => resetMs(kind.reset, now))
    .filter((ms): ms is number => ms !== undefined);
  if (pauses.length > 0) learned.pauseMs = Math.max(...pauses);
  return learned;
}
