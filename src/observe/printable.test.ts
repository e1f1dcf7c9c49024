import { describe, expect, it } from 'vitest';
import { printable, printableDeep } from './printable.js';

describe('printable', () => {
  it('shows terminal controls as their codes and keeps newlines, tabs and ordinary Unicode', () => {
    expect(printable('src/\u001b[2Jx.js')).toBe('src/\\x1b[2Jx.js');
    expect(printable('\u001b]0;owned\u0007title')).toBe('\\x1b]0;owned\\x07title');
    expect(printable('a\u0000b\rc\u009bd')).toBe('a\\x00b\\x0dc\\x9bd');
    expect(printable('evil\u202egnp.js')).toBe('evil\\u202egnp.js');
    expect(printable('line one\n\tline two — ünïcödé ✓')).toBe('line one\n\tline two — ünïcödé ✓');
  });

  it('reaches every string of an event payload', () => {
    expect(printableDeep({ path: 'a\u001b[31m', files: ['b\u0007'], bytes: 3, nested: { at: null } })).toEqual({ path: 'a\\x1b[31m', files: ['b\\x07'], bytes: 3, nested: { at: null } });
  });
});
