import { describe, expect, it } from 'vitest';
import { displayUsd, formatUsd, InvalidUsdError, parseUsd, perMillion, priceTimes, sumUsd } from './usd.js';

describe('exact dollar arithmetic', () => {
  it('parses catalog prices, provider costs and exponents exactly', () => {
    expect(formatUsd(parseUsd('0.0000025'))).toBe('0.0000025');
    expect(formatUsd(parseUsd(0.00049))).toBe('0.00049');
    expect(formatUsd(parseUsd('4.9e-7'))).toBe('0.00000049');
    expect(formatUsd(parseUsd(1e-7))).toBe('0.0000001');
    expect(formatUsd(parseUsd('2'))).toBe('2');
    expect(formatUsd(parseUsd('.5'))).toBe('0.5');
    expect(formatUsd(parseUsd('-1'))).toBe('-1');
  });

  it('adds many small prices without the drift floats have', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; ten thousand calls at $0.0000001 a token must sum exactly.
    expect(formatUsd(parseUsd('0.1') + parseUsd('0.2'))).toBe('0.3');
    const perCall = priceTimes(parseUsd('0.0000001'), 3);
    expect(formatUsd(sumUsd(Array.from({ length: 10_000 }, () => perCall)))).toBe('0.003');
  });

  it('multiplies a per-token price by a token count', () => {
    expect(formatUsd(priceTimes(parseUsd('0.00000015'), 1_234_567))).toBe('0.18518505');
    expect(() => priceTimes(parseUsd('1'), 1.5)).toThrow(RangeError);
  });

  it('rounds digits beyond 18 decimals half up', () => {
    expect(formatUsd(parseUsd('0.0000000000000000015'))).toBe('0.000000000000000002');
    expect(formatUsd(parseUsd('0.0000000000000000014'))).toBe('0.000000000000000001');
  });

  it('refuses what is not a decimal number', () => {
    for (const bad of ['', 'abc', '1.2.3', '$5', Number.NaN, Number.POSITIVE_INFINITY]) expect(() => parseUsd(bad)).toThrow(InvalidUsdError);
  });

  it('shows amounts to people rounded, and tiny ones as such', () => {
    expect(displayUsd(parseUsd('0.01234'))).toBe('$0.0123');
    expect(displayUsd(parseUsd('0.00005'))).toBe('$0.0001');
    expect(displayUsd(parseUsd('0.00000001'))).toBe('<$0.0001');
    expect(displayUsd(0n)).toBe('$0');
    expect(displayUsd(parseUsd('12.5'), 2)).toBe('$12.50');
    expect(perMillion(parseUsd('0.0000025'))).toBe('2.5');
  });
});
