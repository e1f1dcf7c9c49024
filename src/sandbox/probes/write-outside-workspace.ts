import { existsSync } from 'node:fs';
import type { Probe, ProbeContext } from './probe.js';
import { command, node } from './probe-command.js';

const writeAttempt = `
  const fs = require('fs');
  try { if (process.argv[2]) fs.symlinkSync(process.argv[2], 'link-out'); fs.writeFileSync(process.argv[1], 'escaped'); console.log('written'); }
  catch (error) { console.log(error.code || String(error)); }`;

/** Proves the program cannot write `inside` (the path as it sees it) so that a file appears at `onHost` on the host. */
export function writeOutsideProbe(id: string, title: string, target: (ctx: ProbeContext) => { inside: string; onHost: string; link?: string }): Probe {
  return {
    id,
    title,
    needsIsolation: true,
    async run(driver, ctx) {
      const { inside, onHost, link } = target(ctx);
      const result = await driver.run(command(ctx, node(writeAttempt, inside, ...(link ? [link] : []))));
      const said = result.stdout.trim() || result.stderr.trim().split('\n')[0] || 'no answer';
      if (existsSync(onHost)) return { held: false, detail: `the program wrote ${onHost}` };
      // Under bubblewrap `..` of a workspace in /tmp is the sandbox's own throw-away /tmp: the write works there and vanishes.
      if (said === 'written') return { held: true, detail: `the write landed in the sandbox's private, throw-away view; nothing appeared at ${onHost}` };
      return { held: true, detail: `refused (${said}); nothing appeared at ${onHost}` };
    },
  };
}
