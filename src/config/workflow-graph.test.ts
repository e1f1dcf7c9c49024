import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './suggest.js';
import { findCycles } from './workflow-graph.js';

describe('findCycles', () => {
  it('finds nothing in a DAG', () => {
    expect(findCycles([[], [0], [0, 1], [2]])).toEqual([]);
  });

  it('lists each cycle once, in data-flow order from the first stage in the file', () => {
    // 0 reads from 2, 1 reads from 0, 2 reads from 1: data flows 0 → 1 → 2 → 0. 3 and 4 read each other.
    expect(findCycles([[2], [0], [1], [4], [3]])).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });
});

describe('closestName', () => {
  it('finds a plausible typo and nothing for an unrelated name', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestName('secrity_expert', ['security_expert', 'engineer'])).toBe('security_expert');
    expect(closestName('Engineer', ['engineer'])).toBe('engineer');
    expect(closestName('foo', ['qa_engineer', 'devops'])).toBeUndefined();
  });
});
