/** How long a model call may take, in three parts: before its first byte, between chunks, and in all. */
export interface CallTimeouts {
  /** From sending the request to the first piece of the answer. */
  firstByteMs: number;
  /** Between two pieces of a streamed answer: a provider that stops sending is stalled, not slow. */
  idleMs: number;
  /** The whole call, however steadily it streams. */
  callMs: number;
}

/** `timeouts` in atelier.config.yml, in seconds. */
export interface TimeoutSettings {
  first_byte_s?: number;
  idle_s?: number;
  call_s?: number;
}

/** A minute to start and a minute between chunks is generous for a local model loading; ten minutes bounds a long document. */
export const DEFAULT_CALL_TIMEOUTS: CallTimeouts = { firstByteMs: 60_000, idleMs: 60_000, callMs: 600_000 };

export function callTimeouts(settings: TimeoutSettings | undefined): CallTimeouts {
  const ms = (seconds: number | undefined, fallback: number) => (seconds === undefined ? fallback : Math.round(seconds * 1000));
  return {
    firstByteMs: ms(settings?.first_byte_s, DEFAULT_CALL_TIMEOUTS.firstByteMs),
    idleMs: ms(settings?.idle_s, DEFAULT_CALL_TIMEOUTS.idleMs),
    callMs: ms(settings?.call_s, DEFAULT_CALL_TIMEOUTS.callMs),
  };
}

/** "60 s", "1.5 s", "10 min": how the timeouts are named in messages. */
export function formatTimeout(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
