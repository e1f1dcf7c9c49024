import type { Probe } from './probe.js';
import { command, node } from './probe-command.js';

export const networkUnreachableProbe: Probe = {
  id: 'network',
  title: 'network',
  needsIsolation: true,
  async run(driver, ctx) {
    const script = `
      const socket = require('net').connect(Number(process.argv[1]), '127.0.0.1');
      socket.setTimeout(3000, () => { console.log('timeout'); socket.destroy(); });
      socket.on('data', () => { console.log('connected'); socket.destroy(); });
      socket.on('error', (e) => console.log(e.code));`;
    const result = await driver.run(command(ctx, node(script, String(ctx.port))));
    const said = result.stdout.trim() || 'no answer';
    if (said === 'connected') return { held: false, detail: `the program reached a server on the host at 127.0.0.1:${ctx.port}` };
    return { held: true, detail: `a server on the host at 127.0.0.1:${ctx.port} was unreachable (${said})` };
  },
};
