import { processesWithArgument } from '../process-table.js';
import type { Probe } from './probe.js';
import { command, node, uniqueSleep } from './probe-command.js';

export const noLeftoverDaemonProbe: Probe = {
  id: 'daemon',
  title: 'leftover daemon',
  needsIsolation: false,
  async run(driver, ctx) {
    const marker = uniqueSleep();
    const script = "const c = require('child_process').spawn('sleep', [process.argv[1]], { detached: true, stdio: 'ignore' }); c.unref(); console.log('left running')";
    const result = await driver.run(command(ctx, node(script, marker)));
    const survivors = processesWithArgument(marker);
    if (!result.stdout.includes('left running')) return { held: false, detail: `the probe did not run: ${result.stderr.trim().split('\n')[0] ?? ''}` };
    if (survivors.length > 0) return { held: false, detail: `a detached child (pid ${survivors.join(', ')}) outlived the command` };
    // Without a pids cgroup the plain driver finds escaped children by their environment; one that also clears it is lost.
    const caveat = driver.name === 'plain' && !result.limitsReport?.some((line) => line.includes('pids cgroup')) ? '; one that also clears its environment could survive (no pids cgroup here)' : '';
    return { held: true, detail: `a detached child was gone when the command returned${caveat}` };
  },
};
