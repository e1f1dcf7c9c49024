import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { responseFormatRefusal } from './response-format-refusal.js';

function http(status: number, body: string): APICallError {
  return new APICallError({ message: body, url: 'http://127.0.0.1:8000/v1/chat/completions', requestBodyValues: {}, statusCode: status, responseBody: body, isRetryable: false });
}

describe('responseFormatRefusal', () => {
  it("recognises a 400 or 422 that names the schema or an unsupported parameter, and nothing else", () => {
    expect(responseFormatRefusal(http(400, '{"error":{"message":"Unsupported parameter: response_format","param":"response_format"}}'))).toContain('response_format');
    expect(responseFormatRefusal(http(422, 'json_schema is not supported'))).toBeDefined();
    expect(responseFormatRefusal(http(400, 'Unrecognized request argument supplied: response_format'))).toBeDefined();
    expect(responseFormatRefusal(http(400, "This model's maximum context length is 8192 tokens (response_format included)"))).toBeUndefined();
    expect(responseFormatRefusal(http(400, 'messages: field required'))).toBeUndefined();
    expect(responseFormatRefusal(http(500, 'response_format crashed the server'))).toBeUndefined();
    expect(responseFormatRefusal(new Error('response_format'))).toBeUndefined();
  });
});
