import { describe, expect, it } from 'vitest';
import { packContext } from './pack-context.js';

describe('packContext', () => {
  it('keeps everything when it fits', () => {
    const parts = [{ heading: 'a', body: 'x'.repeat(40) }];
    expect(packContext(parts, 100)).toEqual(parts);
  });

  it('keeps small parts whole and cuts the large one with a marker', () => {
    const small = { heading: 'small', body: 's'.repeat(100) };
    const large = { heading: 'large', body: 'l'.repeat(10_000) };
    const packed = packContext([large, small], 500); // 2,000 characters
    expect(packed[1]).toEqual(small);
    expect(packed[0]!.body.startsWith('l'.repeat(1_900))).toBe(true);
    expect(packed[0]!.body).toContain('characters cut to fit');
    const kept = packed[0]!.body.split('\n\n[')[0]!.length;
    expect(kept + small.body.length).toBeLessThanOrEqual(2_000);
  });
});
