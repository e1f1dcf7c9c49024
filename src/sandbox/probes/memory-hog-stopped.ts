import type { Probe } from './probe.js';
import { command, node, stoppedLine } from './probe-command.js';

export const memoryHogStoppedProbe: Probe = {
  id: 'memory',
  title: 'memory hog',
  needsIsolation: false,
  async run(driver, ctx) {
    // Buffers live outside node's heap, so only the resident-memory limit can stop this. Capped at 1.5 GB by the script.
    const script = "const a = []; for (let i = 0; i < 48; i++) a.push(Buffer.alloc(32 * 1024 * 1024, 1)); console.log('survived')";
    const result = await driver.run(command(ctx, node(script), { memoryMb: 256 }));
    const held = !result.stdout.includes('survived');
    return { held, detail: held ? stoppedLine(result) : 'allocated 1.5 GB with a 256 MB limit' };
  },
};
