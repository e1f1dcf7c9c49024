import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.js';

describe('extractJson', () => {
  it('parses a bare JSON answer', () => {
    expect(extractJson(' {"a": [1, 2]} \n')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('strips ```json fences and the prose around them', () => {
    const answer = 'Here is the document:\n```json\n{"title": "Reading list"}\n```\nLet me know!';
    expect(extractJson(answer)).toEqual({ ok: true, value: { title: 'Reading list' } });
    expect(extractJson('```\n{"b":1}\n```')).toEqual({ ok: true, value: { b: 1 } });
  });

  it('finds an object after leading prose that itself contains braces', () => {
    const answer = 'Sure {thinking aloud}. The answer: {"x": "a } inside a string", "y": {"z": null}} done';
    expect(extractJson(answer)).toEqual({ ok: true, value: { x: 'a } inside a string', y: { z: null } } });
  });

  it('ignores inline <think> blocks of reasoning models', () => {
    expect(extractJson('<think>maybe {"wrong": true}?</think>\n{"right": true}')).toEqual({ ok: true, value: { right: true } });
  });

  it('says why when there is no usable JSON', () => {
    expect(extractJson('   ')).toEqual({ ok: false, problem: 'the answer was empty; it must be one JSON object' });
    expect(extractJson('I cannot help with that.')).toEqual({ ok: false, problem: 'the answer contains no JSON object' });
    expect(extractJson('{"title": "cut off here')).toEqual({
      ok: false,
      problem: 'the JSON is incomplete: the answer ends before its closing brace',
    });
    const invalid = extractJson('{"a": 1,}');
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.problem).toMatch(/^the answer is not valid JSON \(.+\)$/);
  });
});
