import type { LanguageModelMiddleware } from 'ai';
import type { EndpointFormats } from './endpoint-formats.js';
import { ResponseFormatRefusedError, responseFormatRefusal } from './response-format-refusal.js';

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware['wrapStream']>>[0]['params'];

/** What `answerFormatText` writes when it spells the schema out. */
const SCHEMA_IN_PROMPT = 'that conforms to this JSON Schema:';

/**
 * The call without its JSON schema. The prompt carries the schema already unless the endpoint was
 * configured as showing it to the model (`structured_outputs: enforced`) and then refused it: the
 * schema closes the last user turn, so the model still learns its format.
 */
function promptOnly(params: CallOptions): CallOptions {
  const { responseFormat, ...rest } = params;
  const spelled = rest.prompt.some((message) => message.role === 'user' && message.content.some((part) => part.type === 'text' && part.text.includes(SCHEMA_IN_PROMPT)));
  const schema = responseFormat?.type === 'json' ? responseFormat.schema : undefined;
  if (spelled || schema === undefined) return rest;
  const last = rest.prompt.map((message) => message.role).lastIndexOf('user');
  if (last === -1) return rest;
  const text = `## Answer format\nAnswer with exactly one JSON object ${SCHEMA_IN_PROMPT}\n${JSON.stringify(schema)}\nOutput only that JSON object: no Markdown code fences, no text before or after it.`;
  const prompt = rest.prompt.map((message, index) => (index === last && message.role === 'user' ? { ...message, content: [...message.content, { type: 'text' as const, text }] } : message));
  return { ...rest, prompt };
}

/**
 * Sends the JSON schema as `response_format` to an OpenAI-compatible endpoint until it refuses
 * it. The first refusal is remembered for the endpoint and thrown as `ResponseFormatRefusedError`
 * (the retry policy asks again at once, and the run's log says so once); from then on, and in
 * later runs, its calls go without it. Calls refused at the same moment are asked again quietly.
 */
export function responseFormatFallback(baseUrl: string, formats: EndpointFormats): LanguageModelMiddleware {
  return {
    specificationVersion: 'v3',
    wrapStream: async ({ doStream, params, model }) => {
      if (params.responseFormat?.type !== 'json') return doStream();
      if (formats.refuses(baseUrl)) return model.doStream(promptOnly(params));
      try {
        return await doStream();
      } catch (error) {
        const reason = responseFormatRefusal(error);
        if (reason === undefined) throw error;
        if (!(await formats.remember(baseUrl, reason))) return model.doStream(promptOnly(params));
        throw new ResponseFormatRefusedError(baseUrl, reason, formats.file, { cause: error });
      }
    },
  };
}
