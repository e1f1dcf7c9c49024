import { wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { StalledStreamError, stallGuard } from './stall-guard.js';

type StreamResult = Awaited<ReturnType<MockLanguageModelV3['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type CallOptions = Parameters<MockLanguageModelV3['doStream']>[0];

const TIMEOUTS = { firstByteMs: 80, idleMs: 80 };
const CALL: CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

/** Sends `parts`, each `gapMs` after the last, then ends (or, with `stallAfter`, goes silent), like a provider would. */
function paced(parts: StreamPart[], gapMs: number, options: { stallAfter?: boolean } = {}): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async ({ abortSignal }) => ({
      stream: new ReadableStream<StreamPart>({
        async start(controller) {
          abortSignal?.addEventListener('abort', () => controller.error(abortSignal.reason));
          controller.enqueue({ type: 'stream-start', warnings: [] });
          for (const part of parts) {
            await new Promise((resolve) => setTimeout(resolve, gapMs));
            if (abortSignal?.aborted) return;
            controller.enqueue(part);
          }
          if (!options.stallAfter) controller.close();
        },
      }),
    }),
  });
}

async function readAll(model: MockLanguageModelV3, call: CallOptions = CALL): Promise<StreamPart[]> {
  const { stream } = await wrapLanguageModel({ model, middleware: stallGuard(TIMEOUTS) }).doStream(call);
  const parts: StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<StreamPart>) parts.push(part);
  return parts;
}

const delta = (text: string): StreamPart => ({ type: 'text-delta', id: 't', delta: text });

describe('stallGuard', () => {
  it('lets a steady stream through, however long it takes in all', async () => {
    const parts = await readAll(paced([delta('a'), delta('b'), delta('c'), delta('d')], 40));
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(4);
  });

  it('fails a call whose response never comes, after the first-byte timeout', async () => {
    const silent = new MockLanguageModelV3({ doStream: () => new Promise(() => undefined) });
    const error = await readAll(silent).catch((caught: unknown) => caught);
    expect(StalledStreamError.isInstance(error)).toBe(true);
    expect((error as StalledStreamError).phase).toBe('first-byte');
    expect((error as Error).message).toBe('no answer began within 80 ms (timeouts.first_byte_s)');
  });

  it('counts response headers alone (stream-start) as no answer yet', async () => {
    const error = await readAll(paced([], 0, { stallAfter: true })).catch((caught: unknown) => caught);
    expect((error as StalledStreamError).phase).toBe('first-byte');
  });

  it('fails a stream that stops sending mid-answer, after the idle timeout, and cancels the request', async () => {
    let signal: AbortSignal | undefined;
    const model = paced([delta('half an ans')], 10, { stallAfter: true });
    const inner = model.doStream.bind(model);
    model.doStream = (options) => {
      signal = options.abortSignal;
      return inner(options);
    };
    const error = await readAll(model).catch((caught: unknown) => caught);
    expect((error as StalledStreamError).phase).toBe('idle');
    expect((error as Error).message).toBe('the answer stalled: nothing more arrived for 80 ms (timeouts.idle_s)');
    expect(signal?.aborted).toBe(true);
  });

  it('counts raw chunks as signs of life, but passes them on only when they were asked for', async () => {
    const raw = (n: number): StreamPart => ({ type: 'raw', rawValue: { ping: n } });
    const pinging = () => paced([raw(1), raw(2), raw(3), delta('x')], 50);
    expect((await readAll(pinging())).map((part) => part.type)).toEqual(['stream-start', 'text-delta']);
    expect((await readAll(pinging(), { ...CALL, includeRawChunks: true })).filter((part) => part.type === 'raw')).toHaveLength(3);
  });

  it("passes the caller's abort on to the provider", async () => {
    const controller = new AbortController();
    const reading = readAll(paced([delta('a'), delta('b')], 60), { ...CALL, abortSignal: controller.signal }).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(new Error('whole call timed out')), 30);
    const error = await reading;
    expect(StalledStreamError.isInstance(error)).toBe(false);
    expect((error as Error).message).toBe('whole call timed out');
  });
});
