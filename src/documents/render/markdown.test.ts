import { describe, expect, it } from 'vitest';
import { bulletList, codeBlock, escapeTableCell, heading, inlineCode, table } from './markdown.js';

describe('markdown helpers', () => {
  it('escapes pipes and newlines in table cells so rows keep their columns', () => {
    expect(escapeTableCell('a | b\nc')).toBe('a \\| b<br>c');
    expect(table(['Name', 'Type'], [['union', 'string | number']])).toBe(
      '| Name | Type |\n| --- | --- |\n| union | string \\| number |',
    );
  });

  it('fences code with more backticks than the code contains', () => {
    expect(codeBlock('x', 'sh')).toBe('```sh\nx\n```');
    expect(codeBlock('```js\nx\n```')).toBe('````\n```js\nx\n```\n````');
  });

  it('quotes inline code containing backticks', () => {
    expect(inlineCode('npm test')).toBe('`npm test`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
  });

  it('keeps headings on one line and multi-line items inside their bullet', () => {
    expect(heading(2, 'Two\nlines')).toBe('## Two lines');
    expect(bulletList(['one\nmore'])).toBe('- one\n  more');
    expect(bulletList([])).toBe('_None._');
  });
});
