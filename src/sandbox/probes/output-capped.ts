import type { Probe } from './probe.js';
import { command, node, stoppedLine } from './probe-command.js';

export const outputCappedProbe: Probe = {
  id: 'output',
  title: '100 MB of output',
  needsIsolation: false,
  async run(driver, ctx) {
    const script = 'const chunk = Buffer.alloc(1024 * 1024, 120); for (let i = 0; i < 100; i++) process.stdout.write(chunk)';
    const result = await driver.run(command(ctx, node(script)));
    const kept = result.stdout.length;
    const held = kept <= 1024 * 1024 && result.outputTruncated;
    return { held, detail: `kept ${(kept / 1024 / 1024).toFixed(1)} MiB${result.killedBy === 'output' ? `; ${stoppedLine(result)}` : ''}` };
  },
};
