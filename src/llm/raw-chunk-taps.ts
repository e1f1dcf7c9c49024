import type { LanguageModel } from 'ai';

/**
 * Per-call listeners for a stream's raw provider chunks, which the call's `StreamReport` reads.
 * The stall guard around every model `createLanguageModel` builds reads each raw chunk anyway;
 * handing them to the call there spares the AI SDK carrying them through its own stream stages
 * (`includeRawChunks`), a fifth of a millisecond a call. A listener is keyed by the call's abort
 * signal, the one per-call object the AI SDK passes to a model's middleware as it was given.
 */
const taps = new WeakMap<AbortSignal, (raw: unknown) => void>();
const guarded = new WeakSet<object>();

/** Marks a model whose streams pass through the stall guard, which feeds the taps. */
export function markTappable<M extends object>(model: M): M {
  guarded.add(model);
  return model;
}

/** Whether raw chunks of calls to `model` reach a tap; other models are asked for them through the SDK. */
export function isTappable(model: LanguageModel): boolean {
  return typeof model === 'object' && guarded.has(model);
}

export function tapRawChunks(signal: AbortSignal, listener: (raw: unknown) => void): void {
  taps.set(signal, listener);
}

export function rawChunkTap(signal: AbortSignal | undefined): ((raw: unknown) => void) | undefined {
  return signal === undefined ? undefined : taps.get(signal);
}
