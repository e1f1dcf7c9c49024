import type { Probe } from './probe.js';
import { command, node, stoppedLine } from './probe-command.js';

export const diskFillerStoppedProbe: Probe = {
  id: 'disk-filler',
  title: 'disk filler',
  needsIsolation: false,
  async run(driver, ctx) {
    // Capped at 300 MB by the script itself, so a broken limit cannot fill the real disk.
    const script = `
      const fs = require('fs');
      try { fs.writeFileSync('one-big-file', Buffer.alloc(32 * 1024 * 1024, 1)); console.log('big:written'); } catch (e) { console.log('big:' + e.code); }
      let files = 0;
      try { for (; files < 75; files++) fs.writeFileSync('fill-' + files, Buffer.alloc(4 * 1024 * 1024, 1)); } catch (e) { console.log('fill:' + e.code); }
      console.log('files:' + files);`;
    const result = await driver.run(command(ctx, node(script), { maxFileBytes: 16 * 1024 * 1024, maxDiskBytes: 64 * 1024 * 1024 }));
    const big = /big:(\S+)/.exec(result.stdout)?.[1] ?? 'no answer';
    const filledAll = result.stdout.includes('files:75');
    if (big === 'written' || filledAll) return { held: false, detail: big === 'written' ? 'wrote a 32 MiB file past the 16 MiB file limit' : 'wrote 300 MB past the 64 MiB disk limit' };
    return { held: true, detail: `a 32 MiB file was refused (${big}); ${result.killedBy === 'disk' ? stoppedLine(result) : `the filler got ${/fill:(\S+)/.exec(result.stdout)?.[1] ?? 'stopped'}`}` };
  },
};
