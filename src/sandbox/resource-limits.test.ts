import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withResourceLimits } from './resource-limits.js';
import { runSupervised } from './run-supervised.js';
import { sandboxPath } from './sandbox-env.js';

describe('withResourceLimits', () => {
  it('uses prlimit when there is one', () => {
    expect(withResourceLimits(['node', 'x.js'], { maxFileBytes: 1000, maxProcesses: 64 }, { prlimit: '/usr/bin/prlimit', shell: '/bin/sh' })).toEqual([
      '/usr/bin/prlimit',
      '--fsize=1000',
      '--nproc=64',
      '--',
      'node',
      'x.js',
    ]);
    expect(withResourceLimits(['true'], { maxFileBytes: 1000 }, { prlimit: '/p', shell: '/bin/sh' })).toEqual(['/p', '--fsize=1000', '--', 'true']);
    // SIGXCPU at the soft limit names the cause; SIGKILL a second later if it is ignored.
    expect(withResourceLimits(['true'], { maxFileBytes: 1000, cpuSeconds: 4.2 }, { prlimit: '/p', shell: '/bin/sh' })).toEqual(['/p', '--fsize=1000', '--cpu=5:6', '--', 'true']);
  });

  it('falls back to a shell ulimit that really sets the limits and keeps arguments intact', async () => {
    const argv = withResourceLimits(
      ['sh', '-c', 'ulimit -f; grep "Max processes" /proc/self/limits; grep "Max cpu time" /proc/self/limits; printf "%s|" "$@"', 'inner', 'a b', '$HOME'],
      { maxFileBytes: 10 * 512, maxProcesses: 33, cpuSeconds: 7 },
      { shell: '/bin/sh' },
    );
    const cwd = mkdtempSync(path.join(tmpdir(), 'atelier-limits-'));
    try {
      const [file = '', ...args] = argv;
      const result = await runSupervised({ file, args, cwd, env: { PATH: sandboxPath() }, timeoutMs: 10_000 });
      expect(result.exitCode).toBe(0);
      const [fileBlocks, processes, cpu, passed] = result.stdout.split('\n');
      expect(Number(fileBlocks) * 512).toBeLessThanOrEqual(10 * 1024); // dash counts 512-byte blocks, bash 1024
      expect(processes).toMatch(/Max processes\s+33\s+33/);
      expect(cpu).toMatch(/Max cpu time\s+7\s+8 /);
      expect(passed).toBe('a b|$HOME|');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
