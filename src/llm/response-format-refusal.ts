import { APICallError } from 'ai';
import { AtelierError } from '../errors/atelier-error.js';

/** What servers say when they do not take a JSON schema (vLLM, LM Studio, llama.cpp, gateways, OpenAI-style validators). */
const NAMES_FORMAT = /response_format|json_schema|unsupported param|unrecognized request argument|unknown param/i;
/** A prompt too long is a 400 too; it is never about the format. */
const CONTEXT = /context_length_exceeded|context length|maximum context/i;

/**
 * The provider's words when it refused a request because of its `response_format`: an HTTP 400
 * (or 422) whose body names the parameter or says a parameter is unsupported. Undefined for
 * any other failure.
 */
export function responseFormatRefusal(error: unknown): string | undefined {
  if (!APICallError.isInstance(error) || (error.statusCode !== 400 && error.statusCode !== 422)) return undefined;
  const said = `${error.message} ${error.responseBody ?? ''}`;
  if (!NAMES_FORMAT.test(said) || CONTEXT.test(said)) return undefined;
  return error.message.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** An endpoint refused `response_format: json_schema`; the call is asked again with the format in the prompt only. */
export class ResponseFormatRefusedError extends AtelierError {
  override readonly name = 'ResponseFormatRefusedError';

  constructor(
    readonly baseUrl: string,
    readonly reason: string,
    rememberedIn: string | undefined,
    options?: { cause?: unknown },
  ) {
    const where = rememberedIn ? `, remembered in ${rememberedIn} (delete it to try json_schema again)` : '';
    super(`${baseUrl} does not accept response_format: json_schema ("${reason}"); its calls carry the answer format in the prompt only from now on${where}`, options);
  }
}
