import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { ModelCallError, retryAfterMs } from './model-call-error.js';

const site = { label: 'task T3 of stage "implement"', model: 'openrouter:openai/gpt-4.1-mini', runId: 'run-7' };
const httpError = (statusCode: number, message = `status ${statusCode}`) =>
  new APICallError({ message, url: 'https://openrouter.ai/api/v1/chat/completions', requestBodyValues: {}, statusCode, isRetryable: statusCode >= 429 });

describe('ModelCallError', () => {
  it.each([
    [401, 'The API key was refused', 'permanent'],
    [402, 'out of credit', 'permanent'],
    [403, 'not allowed to use this model', 'permanent'],
    [404, 'Check the --model id', 'permanent'],
    [400, 'context-length', 'permanent'],
    [408, 'The provider timed out', 'transient'],
    [409, 'rejected the request', 'transient'],
    [429, 'Rate limit reached', 'transient'],
    [503, 'server error', 'transient'],
    [529, 'server error', 'transient'],
  ])('tells the user what to do about HTTP %i, and whether asking again may help', (status, advice, failure) => {
    const error = ModelCallError.fromError(httpError(status), site);
    expect(error.statusCode).toBe(status);
    expect(error.kind).toBe('http');
    expect(error.failure).toBe(failure);
    expect(error.transient).toBe(failure === 'transient');
    expect(error.message).toContain(advice);
    expect(error.message.startsWith(`task T3 of stage "implement": the call to openrouter:openai/gpt-4.1-mini failed (HTTP ${status})`)).toBe(true);
  });

  it('tells an exhausted quota (a 429 that asking again cannot fix) from a rate limit', () => {
    const quota = new APICallError({
      message: 'You exceeded your current quota, please check your plan and billing details.',
      url: 'https://api.openai.com/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 429,
      responseBody: '{"error":{"type":"insufficient_quota","code":"insufficient_quota"}}',
    });
    const error = ModelCallError.fromError(quota, site);
    expect(error).toMatchObject({ kind: 'quota', failure: 'permanent', transient: false });
    expect(error.message).toContain('quota is used up');
  });

  it('treats a quota counted per minute as a rate limit that refills, not as exhausted', () => {
    const perMinute = new APICallError({
      message: 'Quota exceeded for quota metric "Generate Content API requests per minute". Please try again in 20s.',
      url: 'https://gateway.example/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 429,
      isRetryable: true,
    });
    expect(ModelCallError.fromError(perMinute, site)).toMatchObject({ kind: 'http', statusCode: 429, transient: true });
  });

  it('recognises a prompt too large for the context, to move it to a larger model', () => {
    const tooLarge = new APICallError({
      message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.",
      url: 'https://api.openai.com/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 400,
    });
    expect(ModelCallError.fromError(tooLarge, site)).toMatchObject({ kind: 'context-length', failure: 'context' });
  });

  it('reads how long the provider asked to wait', () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '1500', 'retry-after': '2' })).toBe(1500);
    expect(retryAfterMs({ 'Retry-After': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 01 Jan 2030 00:00:03 GMT' }, at)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    const limited = new APICallError({ message: 'slow down', url: 'u', requestBodyValues: {}, statusCode: 429, responseHeaders: { 'retry-after-ms': '40' } });
    expect(ModelCallError.fromError(limited, site).retryAfterMs).toBe(40);
  });

  it('reads the last error of an exhausted retry and says how many attempts were made', () => {
    const retry = new RetryError({ message: 'Failed after 3 attempts', reason: 'maxRetriesExceeded', errors: [httpError(429), httpError(429), httpError(429, 'slow down')] });
    const error = ModelCallError.fromError(retry, site);
    expect(error.statusCode).toBe(429);
    expect(error.message).toContain('slow down after 3 attempts');
    expect(error.message).toContain('atelier resume run-7');
  });

  it('redacts keys a provider echoes back in its error', () => {
    const error = ModelCallError.fromError(httpError(401, 'Incorrect API key provided: sk-or-v1-0123456789abcdef0123'), site);
    expect(error.message).not.toContain('0123456789abcdef');
    expect(error.message).toContain('[REDACTED]');
  });

  it('marks stream failures as worth another try and keeps a stable name', () => {
    const error = ModelCallError.fromError(new Error('terminated'), site);
    expect(error).toMatchObject({ kind: 'broken-stream', transient: true, statusCode: undefined, name: 'ModelCallError' });
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect(ModelCallError.isInstance(new Error('x'))).toBe(false);
  });
});
