import type { LanguageModelMiddleware } from 'ai';
import { answerFormatText } from './answer-format.js';
import type { EndpointFormats } from './endpoint-formats.js';
import { ResponseFormatRefusedError, responseFormatRefusal } from './response-format-refusal.js';

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware['wrapStream']>>[0]['params'];
type PromptMessage = CallOptions['prompt'][number];

export interface FallbackPlacement {
  /**
   * The prompt spells the schema out already (`withAnswerFormat` with the schema not shown by
   * the endpoint). Said by the caller that placed it, never guessed from the prompt's text: a
   * document the prompt quotes may contain any sentence.
   */
  schemaInPrompt: boolean;
}

/**
 * The turn the request asks in: the last user turn before the first answer. A repair
 * conversation adds assistant and user turns after it; the format belongs to the question.
 */
function askingTurn(prompt: readonly PromptMessage[]): number {
  const firstAnswer = prompt.findIndex((message) => message.role === 'assistant');
  const asked = firstAnswer === -1 ? prompt.length : firstAnswer;
  for (let index = asked - 1; index >= 0; index--) if (prompt[index]!.role === 'user') return index;
  return -1;
}

/** The user turn with the answer format closing its text, as `withAnswerFormat` places it. */
function closedWith(message: Extract<PromptMessage, { role: 'user' }>, text: string): PromptMessage {
  const last = message.content.at(-1);
  if (last?.type !== 'text') return { ...message, content: [...message.content, { type: 'text', text }] };
  return { ...message, content: [...message.content.slice(0, -1), { ...last, text: `${last.text.trimEnd()}\n\n${text}` }] };
}

/**
 * The call without its JSON schema. Unless the prompt spells the schema out already, the
 * endpoint was configured as showing it to the model (`structured_outputs: enforced`) and then
 * refused it: the schema then closes the asking turn, so the model still learns its format.
 */
function promptOnly(params: CallOptions, placement: FallbackPlacement): CallOptions {
  const { responseFormat, ...rest } = params;
  if (placement.schemaInPrompt || responseFormat?.type !== 'json' || responseFormat.schema === undefined) return rest;
  const text = answerFormatText(
    { schemaName: responseFormat.name ?? 'answer', ...(responseFormat.description !== undefined ? { schemaDescription: responseFormat.description } : {}), jsonSchema: { ...responseFormat.schema } },
    false,
  );
  const asking = askingTurn(rest.prompt);
  if (asking === -1) {
    const first = rest.prompt.findIndex((message) => message.role !== 'system');
    const at = first === -1 ? rest.prompt.length : first;
    return { ...rest, prompt: [...rest.prompt.slice(0, at), { role: 'user', content: [{ type: 'text', text }] }, ...rest.prompt.slice(at)] };
  }
  const prompt = rest.prompt.map((message, index) => (index === asking && message.role === 'user' ? closedWith(message, text) : message));
  return { ...rest, prompt };
}

/**
 * Sends the JSON schema as `response_format` to an OpenAI-compatible endpoint until it refuses
 * it. The first refusal is remembered for the endpoint and thrown as `ResponseFormatRefusedError`
 * (the retry policy asks again at once, and the run's log says so once); from then on, and in
 * later runs, its calls go without it. Calls refused at the same moment are asked again quietly.
 */
export function responseFormatFallback(baseUrl: string, formats: EndpointFormats, placement: FallbackPlacement): LanguageModelMiddleware {
  return {
    specificationVersion: 'v3',
    wrapStream: async ({ doStream, params, model }) => {
      if (params.responseFormat?.type !== 'json') return doStream();
      if (formats.refuses(baseUrl)) return model.doStream(promptOnly(params, placement));
      try {
        return await doStream();
      } catch (error) {
        const reason = responseFormatRefusal(error);
        if (reason === undefined) throw error;
        if (!(await formats.remember(baseUrl, reason))) return model.doStream(promptOnly(params, placement));
        throw new ResponseFormatRefusedError(baseUrl, reason, formats.file, { cause: error });
      }
    },
  };
}
