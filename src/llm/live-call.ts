import { withAnswerFormat, type AnswerFormat } from './answer-format.js';
import { BudgetExceededError, unpricedWarning, type BudgetGuard, type Reservation } from './budget.js';
import { callCost, type CallCost } from './call-cost.js';
import { ModelCallError, type CallSite } from './model-call-error.js';
import type { RateLimiter, RatePermit } from './rate-limiter.js';
import type { RecordedAnswer } from './recorded-answer.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';
import type { Route } from './route.js';
import { outputCap } from './select-model.js';
import { streamAnswer } from './stream-answer.js';
import { StreamReport } from './stream-report.js';
import type { CallContext, ChatMessage, LlmEvent, LlmUsage } from './types.js';
import { parsedPricing } from './parsed-pricing.js';
import { formatUsd, priceTimes, type Usd } from './usd.js';

export interface LiveRequest {
  /** Without the answer format: it is placed per route when the request is sent (`withAnswerFormat`). */
  system: string;
  messages: readonly ChatMessage[];
  schemaName: string;
  format: AnswerFormat;
  temperature?: number;
  maxOutputTokens?: number;
  promptTokens: number;
}

/** What a live call needs from the client around it. */
export interface LiveCallDeps {
  retry: RetryPolicy;
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  emit: (event: LlmEvent) => void;
  limiter?: RateLimiter;
  budget?: BudgetGuard;
}

/** A live call the provider billed: an answer, or a stream that broke after its usage arrived. */
export interface LiveCharge {
  usage: LlmUsage;
  cost: CallCost;
  /** The model the provider says answered, when it said. */
  reportedModel?: string;
}

/** A live answer, with what it cost and the model the response named. */
export interface LiveResult extends LiveCharge {
  answer: RecordedAnswer;
  /** The ledger row reserved for it, which the caller settles with the answer's figures. */
  ledgerId?: string;
}

/**
 * The ledger's side of each attempt. A row is written before the request is sent, at its worst
 * case, so a process killed with calls in flight leaves their possible cost counted against the
 * budget; it is settled when the provider's figures arrive, or removed when nothing was billed.
 */
export interface AttemptLedger {
  sent(worstUsd: string | null): Promise<string | undefined>;
  /** The provider billed the attempt though it failed (a stream that broke after its usage arrived). */
  billed(id: string | undefined, charge: LiveCharge): Promise<void>;
  unbilled(id: string | undefined): Promise<void>;
}

/**
 * The most a call to `route` could cost: every prompt token at the dearest input price (a prompt
 * the provider writes to its cache costs more than one it does not), and every output token it
 * may write.
 */
export function worstCaseCost(route: Route, promptTokens: number, maxOutputTokens: number): Usd | undefined {
  const pricing = route.catalog?.pricing;
  if (pricing === undefined) return undefined;
  const prices = parsedPricing(pricing);
  const input = [prices.cacheWrite, prices.cacheRead].reduce((dearest, price) => (price > dearest ? price : dearest), prices.prompt);
  return priceTimes(input, promptTokens) + priceTimes(prices.completion, maxOutputTokens) + prices.request;
}

/** The output cap a call is sent with: the request's, else (under a budget) one that bounds its worst case. */
function outputLimit(route: Route, request: LiveRequest, budgeted: boolean): number | undefined {
  if (request.maxOutputTokens !== undefined || budgeted) {
    return outputCap(route.catalog?.maxOutputTokens, request.maxOutputTokens);
  }
  return undefined;
}

/**
 * One live call with the retry policy around it: each attempt waits for the rate limits and
 * sets its worst case aside from the budget; transient failures are retried after the backoff
 * (or the provider's Retry-After); the last failure is thrown for the caller's fallback. A failed
 * attempt whose usage arrived before it broke is handed to `onBilled`: the provider bills it.
 */
export async function callWithRetries(
  route: Route,
  request: LiveRequest,
  context: CallContext,
  site: CallSite,
  deps: LiveCallDeps,
  onProgress: (outputChars: number) => void,
  ledger: AttemptLedger,
): Promise<LiveResult> {
  const model = route.model;
  if (model === undefined) throw new TypeError(`unreachable: ${route.ref} has no model to call`);
  const maxOutputTokens = outputLimit(route, request, deps.budget !== undefined);
  for (let retry = 0; ; retry++) {
    let reservation: Reservation | undefined;
    let permit: RatePermit | undefined;
    let ledgerId: string | undefined;
    const report = new StreamReport();
    try {
      if (deps.budget) {
        const worst = worstCaseCost(route, request.promptTokens, maxOutputTokens ?? 0);
        if (worst === undefined && deps.budget.firstUnpriced(route.ref)) {
          deps.emit({ type: 'llm.budget.unpriced', context, model: route.ref, warning: unpricedWarning(route.ref) });
        }
        reservation = await deps.budget.reserve(context.runId, worst ?? 0n, { label: context.label, model: route.ref });
      }
      if (deps.limiter) {
        permit = await deps.limiter.acquire(route.limits, request.promptTokens + Math.min(maxOutputTokens ?? 1_000, 4_000));
        if (permit.waitedMs > 0) {
          deps.emit({ type: 'llm.rate_limited', context, model: route.ref, waitedMs: permit.waitedMs, limit: permit.limitedBy ?? 'a rate limit' });
        }
      }
      const worst = worstCaseCost(route, request.promptTokens, maxOutputTokens ?? outputCap(route.catalog?.maxOutputTokens, undefined));
      ledgerId = await ledger.sent(worst === undefined ? null : formatUsd(worst));
      const live = await streamAnswer({
        model,
        site,
        system: request.system,
        messages: withAnswerFormat(request.messages, request.format, route.schemaEnforced),
        ...(route.structuredOutputs ? { format: request.format } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
        timeoutMs: deps.timeoutMs,
        now: deps.now,
        onProgress,
        report,
      });
      const usage = live.answer.usage;
      deps.limiter?.learn(route.limits, live.headers);
      permit?.release(usage.inputTokens + usage.outputTokens);
      const cost = callCost(route.catalog, usage, live.reportedCostUsd ?? report.costUsd, live.cacheWriteTokens ?? report.cacheWritten);
      reservation?.settle(cost.amount);
      const reportedModel = live.modelId ?? report.model;
      return { answer: live.answer, usage, cost, ...(ledgerId !== undefined ? { ledgerId } : {}), ...(reportedModel !== undefined ? { reportedModel } : {}) };
    } catch (error) {
      const billed = report.usage;
      const cost = billed ? callCost(route.catalog, billed, report.costUsd, report.cacheWritten) : undefined;
      permit?.release(billed ? billed.inputTokens + billed.outputTokens : undefined);
      reservation?.settle(cost?.amount ?? 0n);
      if (billed && cost) await ledger.billed(ledgerId, { usage: billed, cost, ...(report.model !== undefined ? { reportedModel: report.model } : {}) });
      else await ledger.unbilled(ledgerId);
      // Nothing was sent: the budget refused the call.
      if (BudgetExceededError.isInstance(error)) {
        deps.emit({ type: 'llm.budget.exceeded', context, spentUsd: error.spentUsd, limitUsd: error.limitUsd, neededUsd: error.neededUsd });
        throw error;
      }
      const failure = ModelCallError.fromError(error, site);
      deps.limiter?.learn(route.limits, failure.responseHeaders);
      const delay = failure.transient && retry < deps.retry.maxRetries ? retryDelay(deps.retry, retry, failure.retryAfterMs) : undefined;
      if (failure.statusCode === 429 && failure.transient) deps.limiter?.rateLimited(route.limits, delay ?? failure.retryAfterMs ?? deps.retry.baseDelayMs);
      deps.emit({
        type: 'llm.call.failed',
        context,
        model: route.modelId,
        error: failure.message,
        willRetry: delay !== undefined,
        ...(failure.statusCode !== undefined ? { statusCode: failure.statusCode } : {}),
        failure: failure.failure,
        ...(billed && cost ? { usage: billed, costUsd: cost.costUsd } : {}),
      });
      if (delay === undefined) throw failure;
      const reason = failure.statusCode !== undefined ? `HTTP ${failure.statusCode}` : failure.kind;
      deps.emit({ type: 'llm.retry', context, model: route.ref, attempt: retry + 2, delayMs: delay, reason });
      await deps.sleep(delay);
    }
  }
}
