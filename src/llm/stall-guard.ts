import type { LanguageModelMiddleware } from 'ai';
import { AtelierError } from '../errors/atelier-error.js';
import { formatTimeout, type CallTimeouts } from './call-timeouts.js';
import { rawChunkTap } from './raw-chunk-taps.js';

type WrapStream = NonNullable<LanguageModelMiddleware['wrapStream']>;
type WrapOptions = Parameters<WrapStream>[0];
type StreamResult = Awaited<ReturnType<WrapStream>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;

/** A provider accepted a call and then sent nothing for too long: before its first byte, or between two chunks. */
export class StalledStreamError extends AtelierError {
  override readonly name = 'StalledStreamError';

  constructor(
    readonly phase: 'first-byte' | 'idle',
    readonly afterMs: number,
  ) {
    super(
      phase === 'first-byte'
        ? `no answer began within ${formatTimeout(afterMs)} (timeouts.first_byte_s)`
        : `the answer stalled: nothing more arrived for ${formatTimeout(afterMs)} (timeouts.idle_s)`,
    );
  }
}

/**
 * Fails a streamed call that stalls, so the retry policy can ask again (and then the backup)
 * instead of waiting out the whole-call timeout. Every chunk counts as a sign of life, raw ones
 * too (Anthropic's pings), which is why the guard asks for raw chunks and passes them on only
 * when the caller asked for them; the call's raw-chunk tap, if it set one, sees each of them.
 */
export function stallGuard(timeouts: Pick<CallTimeouts, 'firstByteMs' | 'idleMs'>): LanguageModelMiddleware {
  return { specificationVersion: 'v3', wrapStream: (options) => guardedStream(options, timeouts) };
}

async function guardedStream({ model, params }: WrapOptions, timeouts: Pick<CallTimeouts, 'firstByteMs' | 'idleMs'>): Promise<StreamResult> {
  const upstream = new AbortController();
  const outer = params.abortSignal;
  const tap = rawChunkTap(outer);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stalled: StalledStreamError | undefined;
  let onStall: (error: StalledStreamError) => void = () => undefined;
  const arm = (phase: StalledStreamError['phase'], ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = new StalledStreamError(phase, ms);
      upstream.abort(stalled);
      onStall(stalled);
    }, ms);
  };
  const forwardAbort = () => {
    clearTimeout(timer);
    upstream.abort(outer?.reason);
  };
  const release = () => {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forwardAbort);
  };
  if (outer?.aborted) forwardAbort();
  else outer?.addEventListener('abort', forwardAbort, { once: true });

  arm('first-byte', timeouts.firstByteMs);
  let result: StreamResult;
  try {
    result = await new Promise<StreamResult>((resolve, reject) => {
      onStall = reject;
      Promise.resolve(model.doStream({ ...params, abortSignal: upstream.signal, includeRawChunks: true })).then(resolve, reject);
    });
  } catch (error) {
    release();
    throw stalled ?? error;
  }

  const reader = result.stream.getReader();
  // Read eagerly (not on pull) so that only the provider's silence counts, never a slow reader.
  const stream = new ReadableStream<StreamPart>({
    start(controller) {
      onStall = (error) => {
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      };
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (stalled) return;
            if (done) {
              release();
              controller.close();
              return;
            }
            // `stream-start` comes with the response headers; the first byte is the first chunk after it.
            if (value.type !== 'stream-start') arm('idle', timeouts.idleMs);
            if (value.type === 'raw') {
              tap?.(value.rawValue);
              if (params.includeRawChunks !== true) continue;
            }
            controller.enqueue(value);
          }
        } catch (error) {
          release();
          if (!stalled) controller.error(error);
        }
      })();
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return { ...result, stream };
}
