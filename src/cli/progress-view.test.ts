import { describe, expect, it } from 'vitest';
import { fitToWidth } from './progress-view.js';

describe('fitToWidth', () => {
  it('cuts visible characters only, keeping colour codes', () => {
    expect(fitToWidth('abcdef', 4)).toBe('abcd\x1b[0m');
    expect(fitToWidth('\x1b[32mabc\x1b[39mdef', 4)).toBe('\x1b[32mabc\x1b[39md\x1b[0m');
    expect(fitToWidth('short', 10)).toBe('short');
  });
});
