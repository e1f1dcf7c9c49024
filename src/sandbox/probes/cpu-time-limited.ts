import type { Probe } from './probe.js';
import { command, node, stoppedLine } from './probe-command.js';

export const cpuTimeLimitedProbe: Probe = {
  id: 'cpu',
  title: 'CPU time',
  needsIsolation: false,
  async run(driver, ctx) {
    const result = await driver.run(command(ctx, node('while (true) {}'), { timeoutMs: 15_000, cpuSeconds: 1 }));
    const held = result.killedBy === 'cpu';
    return { held, detail: held ? `stopped after ${(result.durationMs / 1000).toFixed(1)} s: ${stoppedLine(result).replace(/^stopped \(cpu\): /, '')}` : `ended with ${stoppedLine(result)}` };
  },
};
