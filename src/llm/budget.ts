import type { ModelCallRecord } from '../store/store.js';
import { displayUsd, formatUsd, parseUsd, sumUsd, type Usd } from './usd.js';
import { AtelierError } from '../errors/atelier-error.js';

/** The run's budget cannot cover the next call's worst case; nothing was sent. */
export class BudgetExceededError extends AtelierError {
  override readonly name = 'BudgetExceededError';
  readonly runId: string;
  readonly spentUsd: string;
  readonly limitUsd: string;
  readonly neededUsd: string;

  constructor(options: { runId: string; label: string; model: string; spent: Usd; limit: Usd; needed: Usd; inFlight?: Usd }) {
    const suggestion = suggestBudget(options.limit, options.spent + (options.inFlight ?? 0n) + options.needed);
    const held = options.inFlight ? ` (and ${displayUsd(options.inFlight)} is held for calls in flight)` : '';
    super(
      `budget reached: ${displayUsd(options.spent)} of the ${displayUsd(options.limit)} budget is spent${held}, and the next call (${options.label} on ${options.model}) ` +
        `could cost up to ${displayUsd(options.needed)}, so it was not sent. Everything done so far is kept; continue with a larger budget: ` +
        `atelier resume ${options.runId} --budget ${suggestion}`,
    );
    this.runId = options.runId;
    this.spentUsd = formatUsd(options.spent);
    this.limitUsd = formatUsd(options.limit);
    this.neededUsd = formatUsd(options.needed);
  }
}

/** A round budget comfortably above what is needed: double the old one, or more if that is not enough. */
function suggestBudget(limit: Usd, needed: Usd): string {
  const cent = 10n ** 16n;
  let next = limit * 2n;
  while (next < needed) next *= 2n;
  return formatUsd(((next + cent - 1n) / cent) * cent);
}

/** What a run is told before the first call to a model the budget cannot bound. */
export function unpricedWarning(modelRef: string): string {
  const colon = modelRef.indexOf(':');
  const id = colon > 0 ? modelRef.slice(colon + 1) : modelRef;
  return (
    `the budget does not cover ${modelRef}: its price is unknown, so its calls are recorded at no cost and nothing stops them. ` +
    `To hold the budget, give its prices per million tokens in atelier.config.yml: models: { prices: { "${modelRef}": { input: 0.5, output: 1.5 } } } ` +
    `(or atelier config set models.prices.${id.includes('.') ? `"${modelRef}"` : modelRef} "{input: 0.5, output: 1.5}")`
  );
}

export type LedgerReader = (runId: string) => Promise<Pick<ModelCallRecord, 'costUsd'>[]>;

/** Money set aside for a call in flight; settled with what it really cost. */
export interface Reservation {
  settle(actual: Usd): void;
}

/**
 * A run's hard budget. Spent is the sum of the run's ledger (so a resumed run counts what it
 * spent before) plus what calls in flight could still cost: a call starts only when its worst
 * case fits in what is left, so parallel calls together cannot overrun it.
 */
export class BudgetGuard {
  private readonly spent = new Map<string, Promise<{ total: Usd }>>();
  private readonly reserved = new Map<string, Usd>();
  private readonly unpriced = new Set<string>();

  constructor(
    readonly limit: Usd,
    private readonly readLedger?: LedgerReader,
  ) {}

  private spentFor(runId: string): Promise<{ total: Usd }> {
    let spent = this.spent.get(runId);
    if (!spent) {
      spent = (async () => {
        const calls = (await this.readLedger?.(runId)) ?? [];
        return { total: sumUsd(calls.map((call) => (call.costUsd === null ? 0n : parseUsd(call.costUsd)))) };
      })();
      this.spent.set(runId, spent);
    }
    return spent;
  }

  async spentSoFar(runId: string): Promise<Usd> {
    return (await this.spentFor(runId)).total;
  }

  /** What is left for new calls: the limit less what is spent and what calls in flight may spend. */
  async remaining(runId: string): Promise<Usd> {
    const { total } = await this.spentFor(runId);
    return this.limit - total - (this.reserved.get(runId) ?? 0n);
  }

  /** True the first time a model with no known price is called under this budget: the run is told once. */
  firstUnpriced(modelRef: string): boolean {
    if (this.unpriced.has(modelRef)) return false;
    this.unpriced.add(modelRef);
    return true;
  }

  /** Sets `worstCase` aside, or throws `BudgetExceededError` when it does not fit. */
  async reserve(runId: string, worstCase: Usd, call: { label: string; model: string }): Promise<Reservation> {
    const spent = await this.spentFor(runId);
    const reserved = this.reserved.get(runId) ?? 0n;
    if (spent.total + reserved + worstCase > this.limit) {
      throw new BudgetExceededError({ runId, label: call.label, model: call.model, spent: spent.total, inFlight: reserved, limit: this.limit, needed: worstCase });
    }
    this.reserved.set(runId, reserved + worstCase);
    let settled = false;
    return {
      settle: (actual) => {
        if (settled) return;
        settled = true;
        this.reserved.set(runId, (this.reserved.get(runId) ?? 0n) - worstCase);
        spent.total += actual;
      },
    };
  }
}
