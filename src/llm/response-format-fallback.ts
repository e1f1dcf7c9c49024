import type { LanguageModelMiddleware } from 'ai';
import type { EndpointFormats } from './endpoint-formats.js';
import { ResponseFormatRefusedError, responseFormatRefusal } from './response-format-refusal.js';

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware['wrapStream']>>[0]['params'];

/** The call without its JSON schema: the schema is in the system prompt either way (see answer-format.ts). */
function promptOnly(params: CallOptions): CallOptions {
  const { responseFormat: _schema, ...rest } = params;
  return rest;
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
