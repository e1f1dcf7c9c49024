import type { Probe } from './probe.js';
import { command, node, stoppedLine } from './probe-command.js';

export const infiniteLoopStoppedProbe: Probe = {
  id: 'infinite-loop',
  title: 'infinite loop',
  needsIsolation: false,
  async run(driver, ctx) {
    const result = await driver.run(command(ctx, node('while (true) {}'), { timeoutMs: 1500 }));
    const held = result.killedBy === 'timeout' && result.durationMs < 6_000;
    return { held, detail: held ? `stopped after ${(result.durationMs / 1000).toFixed(1)} s (wall clock 1.5 s)` : `ended with ${stoppedLine(result)} after ${result.durationMs} ms` };
  },
};
