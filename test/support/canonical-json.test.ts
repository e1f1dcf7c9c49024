import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 0, y: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}');
  });

  it('hashes bodies equal up to key order alike, and different bodies apart', () => {
    expect(canonicalHash({ model: 'm', stream: true })).toBe(canonicalHash({ stream: true, model: 'm' }));
    expect(canonicalHash({ model: 'm', stream: true })).not.toBe(canonicalHash({ model: 'm', stream: false }));
  });
});
