import { describe, expect, it } from 'vitest';
import { PidsCgroup } from './pids-cgroup.js';
import { processesWithArgument } from './process-table.js';
import { runSupervised } from './run-supervised.js';
import { sandboxPath } from './sandbox-env.js';

// Making a cgroup needs a writable cgroup tree (root, many containers); elsewhere the watchdog takes over.
const probe = PidsCgroup.create(10);
const available = probe !== undefined;
await probe?.destroy();

describe.runIf(available)(`PidsCgroup${available ? '' : ' (SKIPPED: no writable pids cgroup here)'}`, () => {
  it('starts the command inside, refuses forks past the limit, and counts the refusals', async () => {
    const cgroup = PidsCgroup.create(8);
    if (!cgroup) throw new Error('the cgroup could not be made a second time');
    try {
      const script = 'grep -c atelier- /proc/$$/cgroup; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 0.3 & done 2>/dev/null; wait';
      const [file = '', ...args] = [...cgroup.launcher('/bin/sh'), '/bin/sh', '-c', script];
      const result = await runSupervised({ file, args, cwd: '/', env: { PATH: sandboxPath() }, timeoutMs: 10_000 });
      expect(result.stdout.trim()).toBe('1');
      expect(cgroup.refusedForks()).toBeGreaterThan(0);
    } finally {
      expect(await cgroup.destroy()).toBe(true);
    }
  });

  it('kills every member when destroyed, even one that left the process tree and session', async () => {
    const cgroup = PidsCgroup.create(50);
    if (!cgroup) throw new Error('the cgroup could not be made a second time');
    const marker = `32.${Date.now() % 1e9}`;
    // The pause lets setsid leave the group first; killed before that, the sleep would never escape.
    const [file = '', ...args] = [...cgroup.launcher('/bin/sh'), '/bin/sh', '-c', `setsid sleep ${marker} >/dev/null 2>&1 < /dev/null & sleep 0.3; exit 0`];
    await runSupervised({ file, args, cwd: '/', env: { PATH: sandboxPath() }, timeoutMs: 10_000 });
    // runSupervised was not told about the cgroup, so the escaped sleep is still there.
    expect(processesWithArgument(marker)).toHaveLength(1);
    expect(await cgroup.destroy()).toBe(true);
    expect(processesWithArgument(marker)).toEqual([]);
  });
});
