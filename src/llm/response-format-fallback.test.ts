import { APICallError, wrapLanguageModel } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { EndpointFormats } from './endpoint-formats.js';
import { responseFormatFallback } from './response-format-fallback.js';
import { ResponseFormatRefusedError } from './response-format-refusal.js';

type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];

const URL = 'http://127.0.0.1:8000/v1';
/** The prompt spells the schema out already, as it does for an endpoint not configured as enforcing it. */
const SPELLED = { schemaInPrompt: true };
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
    const model = wrapLanguageModel({ model: inner, middleware: responseFormatFallback(URL, formats, SPELLED) });
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
    const model = wrapLanguageModel({ model: inner, middleware: responseFormatFallback(URL, formats, SPELLED) });
    await expect(model.doStream(SCHEMA_CALL)).resolves.toBeDefined();
    expect(inner.doStreamCalls.map((call) => call.responseFormat?.type)).toEqual(['json', undefined]);
  });

  it('leaves other failures and calls without a schema alone', async () => {
    const failing = new MockLanguageModelV3({
      doStream: async () => {
        throw overloaded();
      },
    });
    const model = wrapLanguageModel({ model: failing, middleware: responseFormatFallback(URL, EndpointFormats.inMemory(), SPELLED) });
    await expect(model.doStream(SCHEMA_CALL)).rejects.toThrow('overloaded');
    await expect(model.doStream({ prompt: SCHEMA_CALL.prompt })).rejects.toThrow('overloaded');
  });

  describe('on an endpoint configured as enforcing the schema (the prompt left it out)', () => {
    const SCHEMA = { type: 'object', properties: { title: { type: 'string' } } } as const;
    const text = (message: CallOptions['prompt'][number]) => (message.role === 'system' ? message.content : message.content.map((part) => (part.type === 'text' ? part.text : '')).join(''));

    async function sentAfterRefusal(prompt: CallOptions['prompt'], schemaInPrompt: boolean): Promise<CallOptions['prompt']> {
      const inner = refusingModel();
      const formats = EndpointFormats.inMemory();
      await formats.remember(URL, 'refused before');
      const model = wrapLanguageModel({ model: inner, middleware: responseFormatFallback(URL, formats, { schemaInPrompt }) });
      await model.doStream({ prompt, responseFormat: { type: 'json', schema: SCHEMA, name: 'prd' } });
      return inner.doStreamCalls[0]!.prompt;
    }

    it('closes the asking turn with the schema, not the repair turn after the first answer', async () => {
      const prompt: CallOptions['prompt'] = [
        { role: 'system', content: 'Write the PRD.' },
        { role: 'user', content: [{ type: 'text', text: 'shared documents' }] },
        { role: 'user', content: [{ type: 'text', text: 'a todo app' }] },
        { role: 'assistant', content: [{ type: 'text', text: '{}' }] },
        { role: 'user', content: [{ type: 'text', text: 'Your previous answer was not accepted.' }] },
      ];
      const sent = await sentAfterRefusal(prompt, false);
      expect(sent.map(text)).toEqual([
        'Write the PRD.',
        'shared documents',
        expect.stringMatching(/^a todo app\n\n## Answer format\nAnswer with exactly one JSON object, a "prd", that conforms to this JSON Schema:\n\{"type":"object"/),
        '{}',
        'Your previous answer was not accepted.',
      ]);
    });

    it('adds the schema even when a quoted document already says "that conforms to this JSON Schema:"', async () => {
      const quoted = 'A design note: reply with an object that conforms to this JSON Schema: {"type":"string"}';
      const sent = await sentAfterRefusal([{ role: 'user', content: [{ type: 'text', text: quoted }] }], false);
      expect(text(sent[0]!)).toContain(`${quoted}\n\n## Answer format`);
      expect(text(sent[0]!)).toContain(JSON.stringify(SCHEMA));
    });

    it('leaves the prompt as it is when the caller says the schema is spelled out already', async () => {
      const prompt: CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'a todo app' }] }];
      expect(await sentAfterRefusal(prompt, true)).toEqual(prompt);
    });

    it('asks in a turn of its own when the prompt has no user turn before the answer', async () => {
      const sent = await sentAfterRefusal([{ role: 'system', content: 'Write the PRD.' }], false);
      expect(sent.map((message) => message.role)).toEqual(['system', 'user']);
      expect(text(sent[1]!)).toContain(JSON.stringify(SCHEMA));
    });
  });
});
