import type { Probe } from './probe.js';
import { command, lastJson, node } from './probe-command.js';

export const homeFilesUnreadableProbe: Probe = {
  id: 'home-files',
  title: '~/.ssh and files outside the workspace',
  needsIsolation: true,
  async run(driver, ctx) {
    const script = `
      const fs = require('fs');
      const outcome = {};
      try { outcome.bait = fs.readFileSync(process.argv[1], 'utf8'); } catch (e) { outcome.bait = e.code; }
      try { outcome.ssh = fs.readdirSync(process.argv[2]).length >= 0 ? 'listed' : ''; } catch (e) { outcome.ssh = e.code; }
      console.log(JSON.stringify(outcome));`;
    const result = await driver.run(command(ctx, node(script, ctx.bait, ctx.sshDirectory)));
    const outcome = lastJson(result);
    const read = [...(outcome.bait === ctx.canary ? [ctx.bait] : []), ...(outcome.ssh === 'listed' ? [ctx.sshDirectory] : [])];
    if (read.length > 0) return { held: false, detail: `the program read ${read.join(' and ')}` };
    return { held: true, detail: `${ctx.bait}: ${String(outcome.bait)}; ${ctx.sshDirectory}: ${String(outcome.ssh)}` };
  },
};
