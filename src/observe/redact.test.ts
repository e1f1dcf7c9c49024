import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('replaces the values of env vars named like secrets', () => {
    const env = { OPENROUTER_API_KEY: 'or-live-1234567890', GITHUB_TOKEN: 'tok-abcdefgh', DB_PASSWORD: 'hunter22!', MY_AUTH: 'auth-value-1' };
    const text = 'key=or-live-1234567890 token=tok-abcdefgh pw=hunter22! auth=auth-value-1';
    expect(redactSecrets(text, [], env)).toBe(`key=${REDACTED} token=${REDACTED} pw=${REDACTED} auth=${REDACTED}`);
  });

  it('leaves values of other env vars and short secret values alone', () => {
    const env = { HOME: '/home/someone-long', API_KEY: 'short', EDITOR: 'vim-editor' };
    const text = 'home /home/someone-long, short word, vim-editor';
    expect(redactSecrets(text, [], env)).toBe(text);
  });

  it('replaces extra secrets such as a key read from the config file', () => {
    expect(redactSecrets('use cfg-secret-value now', ['cfg-secret-value'], {})).toBe(`use ${REDACTED} now`);
  });

  it('replaces a longer secret whole even when a shorter secret is inside it', () => {
    const env = { A_KEY: 'abcdefgh', B_KEY: 'abcdefgh-and-more' };
    expect(redactSecrets('x abcdefgh-and-more y abcdefgh', [], env)).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('recognises well-known key shapes without any env var', () => {
    const cases = [
      'sk-proj-AbCdEfGhIjKlMnOpQrStUv',
      'sk-ant-api03-AbCdEfGhIjKlMnOpQrSt_uv',
      'sk-or-v1-0123456789abcdef0123456789abcdef',
      'ghp_0123456789abcdefghijABCDEFGHIJ',
      'github_pat_11ABCDEFG0123456789_abcdefghijk',
      'AKIAABCDEFGHIJKLMNOP',
    ];
    for (const key of cases) expect(redactSecrets(`before ${key} after`, [], {})).toBe(`before ${REDACTED} after`);
  });

  it('keeps the word Bearer but hides the token', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-ghi_jkl', [], {})).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('does not touch ordinary prose that merely looks a little like a key', () => {
    const text = 'use sk-learn for ML; the task-key is T3; Bearer of news';
    expect(redactSecrets(text, [], {})).toBe(text);
  });

  it('keeps a serialised JSON payload parseable when a secret contains quotes', () => {
    const env = { WEIRD_SECRET: 'pa"ss\\word123' };
    const json = JSON.stringify({ note: 'value pa"ss\\word123 end' });
    const redacted = redactSecrets(json, [], env);
    expect(JSON.parse(redacted)).toEqual({ note: `value ${REDACTED} end` });
  });

  it('reads process.env by default', () => {
    process.env.ATELIER_TEST_SECRET = 'process-env-secret-1';
    try {
      expect(redactSecrets('x process-env-secret-1 y')).toBe(`x ${REDACTED} y`);
    } finally {
      delete process.env.ATELIER_TEST_SECRET;
    }
  });
});
