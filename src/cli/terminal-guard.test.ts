import { describe, expect, it } from 'vitest';
import { guardedText } from './terminal-guard.js';

describe('the terminal guard', () => {
  it('keeps Atelier’s own colours and redraws, and shows every other control as its code', () => {
    expect(guardedText('\u001b[32mok\u001b[39m\n')).toBe('\u001b[32mok\u001b[39m\n');
    expect(guardedText('\u001b[3A\u001b[0J\u001b[2Kline')).toBe('\u001b[3A\u001b[0J\u001b[2Kline');
    expect(guardedText('x\u001b]0;owned\u0007y')).toBe('x\\x1b]0;owned\\x07y');
    expect(guardedText('\u001b[2J\u001b[H')).toBe('\\x1b[2J\\x1b[H');
    expect(guardedText('a\u0000b')).toBe('a\\x00b');
  });
});
