import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from './model-call-error.js';

const site = { label: 'task T3 of stage "implement"', model: 'openrouter:openai/gpt-4.1-mini', runId: 'run-7' };
const httpError = (statusCode: number, message = `status ${statusCode}`) =>
  new APICallError({ message, url: 'https://openrouter.ai/api/v1/chat/completions', requestBodyValues: {}, statusCode, isRetryable: statusCode >= 429 });

describe('ModelCallError', () => {
  it.each([
    [401, 'The API key was refused'],
    [402, 'out of credit'],
    [403, 'not allowed to use this model'],
    [404, 'Check the --model id'],
    [429, 'Rate limit or quota reached'],
    [503, 'server error'],
    [400, 'context-length'],
  ])('tells the user what to do about HTTP %i', (status, advice) => {
    const error = ModelCallError.fromError(httpError(status), site);
    expect(error.statusCode).toBe(status);
    expect(error.kind).toBe('http');
    expect(error.transient).toBe(false);
    expect(error.message).toContain(advice);
    expect(error.message.startsWith(`task T3 of stage "implement": the call to openrouter:openai/gpt-4.1-mini failed (HTTP ${status})`)).toBe(true);
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
