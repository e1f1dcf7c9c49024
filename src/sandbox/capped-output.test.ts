import { describe, expect, it } from 'vitest';
import { CappedOutput } from './capped-output.js';

describe('CappedOutput', () => {
  it('keeps everything under the limit', () => {
    const output = new CappedOutput(10);
    output.push(Buffer.from('hello'));
    output.push(Buffer.from('world'));
    expect(output.text()).toBe('helloworld');
    expect(output.truncated).toBe(false);
  });

  it('keeps the first bytes and marks the rest as dropped', () => {
    const output = new CappedOutput(8);
    output.push(Buffer.from('hello'));
    output.push(Buffer.from('world'));
    output.push(Buffer.from('again'));
    expect(output.text()).toBe('hellowor');
    expect(output.truncated).toBe(true);
  });

  it('never splits a multi-byte character at the cut', () => {
    const output = new CappedOutput(4);
    output.push(Buffer.from('abcé')); // é is two bytes: only "abc" fits whole
    expect(output.text()).toBe('abc');
    expect(output.truncated).toBe(true);
    output.push(Buffer.from('d'));
    expect(output.text()).toBe('abc');
  });
});
