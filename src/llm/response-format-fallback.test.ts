import { APICallError, wrapLanguageModel } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { EndpointFormats } from './endpoint-formats.js';
import { responseFormatFallback } from './response-format-fallback.js';
import { ResponseFormatRefusedError } from './response-format-refusal.js';

type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];

const URL = 'http://127.0.0.1:8000/v1';
const SCHEMA_CALL: CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  responseFormat: { type: 'json', schema: { type: 'object' }, name: 'prd' },
};

const REFUSED = new APICallError({
  message: "Unsupported parameter: 'response_format'",
  url: `${URL}/chat/completions`,
  requestBodyValues: {},
  statusCode: 400,
  responseBody: '{"error":{"message":"Unsupported parameter: \'response_format\'","param":"response_format"}}',
  isRetryable: false,
});
const overloaded = () => new APICallError({ message: 'overloaded', url: `${URL}/chat/completions`, requestBodyValues: {}, statusCode: 500, isRetryable: true });

/** A server that refuses any call carrying a schema, and answers the rest. */
function refusingModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async (options) => {
      if (options.responseFormat?.type === 'json') throw REFUSED;
      return { stream: convertArrayToReadableStream([{ type: 'stream-start', warnings: [] }]) };
    },
  });
}

describe('responseFormatFallback', () => {
  it('says the first refusal (thrown once), remembers it, and sends later calls without the schema', async () => {
    const inner = refusingModel();
    const formats = EndpointFormats.inMemory();
    const model = wrapLanguageModel({ model: inner, middleware: responseFormatFallback(URL, formats) });
    const error = await Promise.resolve(model.doStream(SCHEMA_CALL)).catch((caught: unknown) => caught);
    expect(ResponseFormatRefusedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${URL} does not accept response_format: json_schema`);
    expect(formats.refuses(URL)).toBe(true);

    await model.doStream(SCHEMA_CALL);
    expect(inner.doStreamCalls.map((call) => call.responseFormat?.type)).toEqual(['json', undefined]);
  });

  it('asks again quietly when another call learnt the refusal while this one was in flight', async () => {
    const formats = EndpointFormats.inMemory();
    const inner = new MockLanguageModelV3({
      doStream: async (options) => {
        if (options.responseFormat?.type === 'json') {
          await formats.remember(URL, 'refused to a call sent at the same moment');
          throw REFUSED;
        }
        return { stream: convertArrayToReadableStream([{ type: 'stream-start', warnings: [] }]) };
      },
    });
    const model = wrapLanguageModel({ model: inner, middleware: responseFormatFallback(URL, formats) });
    await expect(model.doStream(SCHEMA_CALL)).resolves.toBeDefined();
    expect(inner.doStreamCalls.map((call) => call.responseFormat?.type)).toEqual(['json', undefined]);
  });

  it('leaves other failures and calls without a schema alone', async () => {
    const failing = new MockLanguageModelV3({
      doStream: async () => {
        throw overloaded();
      },
    });
    const model = wrapLanguageModel({ model: failing, middleware: responseFormatFallback(URL, EndpointFormats.inMemory()) });
    await expect(model.doStream(SCHEMA_CALL)).rejects.toThrow('overloaded');
    await expect(model.doStream({ prompt: SCHEMA_CALL.prompt })).rejects.toThrow('overloaded');
  });
});
