import { describe, expect, it } from 'vitest';
import { callTimeouts, DEFAULT_CALL_TIMEOUTS, formatTimeout } from './call-timeouts.js';

describe('callTimeouts', () => {
  it('reads seconds from the configuration, each key defaulting on its own (60 s, 60 s, 10 min)', () => {
    expect(callTimeouts(undefined)).toEqual({ firstByteMs: 60_000, idleMs: 60_000, callMs: 600_000 });
    expect(callTimeouts({ idle_s: 0.25, call_s: 30 })).toEqual({ ...DEFAULT_CALL_TIMEOUTS, idleMs: 250, callMs: 30_000 });
  });

  it('names a timeout as people say it', () => {
    expect([formatTimeout(500), formatTimeout(1500), formatTimeout(60_000), formatTimeout(600_000), formatTimeout(90_000)]).toEqual(['500 ms', '1.5 s', '1 min', '10 min', '90 s']);
  });
});
