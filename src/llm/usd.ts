import { AtelierError } from '../errors/atelier-error.js';

/**
 * Exact US-dollar arithmetic. Amounts are integers of 10^-18 dollars in a bigint, so per-token
 * prices like "0.00000015" times token counts add up without the drift floats bring; the ledger
 * stores the decimal string `formatUsd` makes.
 */
export type Usd = bigint;

const SCALE_DIGITS = 18;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

export const ZERO_USD: Usd = 0n;

/** A dollar amount that is not a plain decimal number. */
export class InvalidUsdError extends AtelierError {
  override readonly name = 'InvalidUsdError';
  constructor(readonly text: string) {
    super(`"${text}" is not a dollar amount: write a decimal number such as 0.25 or 0.0000025`);
  }
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal string ("0.0000025", "2", "4.9e-7") or a finite number exactly as written
 * in its shortest form. Digits beyond 18 decimals are rounded half up.
 */
export function parseUsd(value: string | number): Usd {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new InvalidUsdError(String(value));
  const [, sign, whole = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  // Shift the decimal point: digits * 10^(exponent - fraction.length), then to the fixed scale.
  const digits = BigInt(`${whole}${fraction}` || '0');
  const shift = exponent - fraction.length + SCALE_DIGITS;
  let amount: bigint;
  if (shift >= 0) {
    amount = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    amount = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) amount += 1n;
  }
  return sign === '-' ? -amount : amount;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new InvalidUsdError(String(value));
  return String(value);
}

/** The exact decimal string, without trailing zeros: 490000000000000n → "0.00049". */
export function formatUsd(amount: Usd): string {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** For people: "$0.0123", rounded to `decimals` places (half up), "<$0.0001" for a tiny non-zero amount. */
export function displayUsd(amount: Usd, decimals = 4): string {
  if (amount === 0n) return '$0';
  const unit = 10n ** BigInt(SCALE_DIGITS - decimals);
  const rounded = ((amount < 0n ? -amount : amount) + unit / 2n) / unit;
  if (rounded === 0n) return `<$${formatUsd(unit)}`;
  const text = rounded.toString().padStart(decimals + 1, '0');
  const sign = amount < 0n ? '-' : '';
  return `${sign}$${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** A per-token price times a token count, exactly. */
export function priceTimes(pricePerToken: Usd, tokens: number): Usd {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`a token count must be a whole number ≥ 0, not ${tokens}`);
  return pricePerToken * BigInt(tokens);
}

export function sumUsd(amounts: Iterable<Usd>): Usd {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

/** Dollars per million tokens, as catalogs and people quote prices: "0.0000025" → "2.5". */
export function perMillion(pricePerToken: Usd): string {
  return formatUsd(pricePerToken * 1_000_000n);
}
