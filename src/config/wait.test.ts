import { describe, expect, it } from 'vitest';
import { formatWait, parseWait } from './wait.js';

describe('waits (approval timeouts)', () => {
  it('reads the waits a person writes, refuses the rest, and reads back what it prints', () => {
    expect(parseWait('30m')).toBe(1_800_000);
    expect(parseWait('1h 30m')).toBe(5_400_000);
    expect(parseWait('1h30m')).toBe(5_400_000);
    expect(parseWait('45')).toBe(45_000);
    expect(parseWait('1500ms')).toBe(1500);
    for (const bad of ['soon', '1e9', '-1', '366d', '', '5 minutes']) expect(parseWait(bad), bad).toBeUndefined();
    for (const ms of [250, 1000, 5_400_000, 90_061_000]) expect(parseWait(formatWait(ms))).toBe(ms);
  });
});
