import { processesWithArgument } from '../process-table.js';
import type { Probe } from './probe.js';
import { command, lastJson, node, stoppedLine, uniqueSleep } from './probe-command.js';

export const forkBombContainedProbe: Probe = {
  id: 'fork-bomb',
  title: 'fork bomb',
  needsIsolation: false,
  async run(driver, ctx) {
    const marker = uniqueSleep();
    // Capped at 400 children by the script itself, so a broken limit cannot take the machine down.
    const script = `
      const { spawn } = require('child_process');
      let started = 0, refused = 0;
      for (let i = 0; i < 400; i++) { try { const c = spawn('sleep', [process.argv[1]], { stdio: 'ignore' }); c.on('error', () => refused++); started++; } catch { refused++; } }
      setTimeout(() => console.log(JSON.stringify({ started, refused })), 1000);`;
    const result = await driver.run(command(ctx, node(script, marker), { maxProcesses: 48 }));
    const survivors = processesWithArgument(marker);
    if (survivors.length > 0) return { held: false, detail: `${survivors.length} of its processes still run after the command ended` };
    const outcome = lastJson(result);
    if (result.killedBy === 'processes') return { held: true, detail: stoppedLine(result) };
    if (Number(outcome.refused) > 0) return { held: true, detail: `${String(outcome.refused)} of 400 forks refused` };
    return { held: false, detail: `started ${String(outcome.started ?? '?')} processes without being stopped` };
  },
};
