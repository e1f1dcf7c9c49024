import { describe, expect, it } from 'vitest';
import { fenced, isTestPath } from './project-files.js';

describe('isTestPath', () => {
  it.each([
    ['test/acceptance.test.js', true],
    ['tests/test_todo.py', true],
    ['src/__tests__/a.ts', true],
    ['src/store.spec.ts', true],
    ['pkg/store_test.py', true],
    ['test_cli.py', true],
    ['src/store.js', false],
    ['src/testing.js', false],
    ['README.md', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestPath(path)).toBe(expected);
  });
});

describe('fenced', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(fenced('a ``` b\n')).toBe('````\na ``` b\n````');
    expect(fenced('plain')).toBe('```\nplain\n```');
  });
});
