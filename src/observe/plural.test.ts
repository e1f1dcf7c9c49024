import { describe, expect, it } from 'vitest';
import { plural } from './plural.js';

describe('plural', () => {
  it('says one thing and many things', () => {
    expect(plural(1, 'call')).toBe('1 call');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(3, 'story', 'stories')).toBe('3 stories');
  });
});
