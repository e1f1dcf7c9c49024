import type { Probe } from './probe.js';
import { command, lastJson, node } from './probe-command.js';

export const noRootPrivilegesProbe: Probe = {
  id: 'privileges',
  title: 'no root privileges',
  needsIsolation: true,
  async run(driver, ctx) {
    const script = "const s = require('fs').readFileSync('/proc/self/status', 'utf8'); console.log(JSON.stringify({ uid: /^Uid:\\s+(\\d+)/m.exec(s)[1], caps: /^CapEff:\\s+(\\w+)/m.exec(s)[1] }))";
    const outcome = lastJson(await driver.run(command(ctx, node(script))));
    const caps = String(outcome.caps ?? 'unknown');
    if (!/^0+$/.test(caps)) return { held: false, detail: `the program runs as uid ${String(outcome.uid)} with capabilities ${caps}` };
    return { held: true, detail: `uid ${String(outcome.uid)}, no capabilities` };
  },
};
