import { spawn } from 'node:child_process';
import type { Probe } from './probe.js';
import { command, node } from './probe-command.js';

export const atelierProcessUnreadableProbe: Probe = {
  id: 'atelier-process',
  title: "secrets in Atelier's own process",
  needsIsolation: true,
  async run(driver, ctx) {
    // Atelier started with an API key: /proc/<pid>/environ shows it to any process of the same user that can see the pid.
    const standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { env: { [ctx.canaryVariable]: ctx.canary }, stdio: 'ignore' });
    try {
      const script = "try { process.stdout.write(require('fs').readFileSync('/proc/' + process.argv[1] + '/environ', 'utf8')) } catch (e) { console.log(e.code) }";
      const result = await driver.run(command(ctx, node(script, String(standIn.pid))));
      if (result.stdout.includes(ctx.canary)) return { held: false, detail: `the program read /proc/${standIn.pid}/environ, the environment of a process started like Atelier, with its key` };
      return { held: true, detail: `the environment of a process started like Atelier, with a key, was out of reach (${result.stdout.includes('=') ? 'another process' : result.stdout.trim() || 'empty'})` };
    } finally {
      standIn.kill('SIGKILL');
    }
  },
};
