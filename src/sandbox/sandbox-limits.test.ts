import { describe, expect, it } from 'vitest';
import { describeLimits, effectiveLimits } from './sandbox-limits.js';

describe('effectiveLimits', () => {
  it('fills in a limit for everything, but sets the node heap only when asked', () => {
    const limits = effectiveLimits({ argv: ['true'], cwd: '/w', timeoutMs: 90_500 });
    expect(limits).toEqual({
      timeoutMs: 90_500,
      cpuSeconds: 91,
      memoryMb: 2048,
      maxProcesses: 512,
      maxOutputBytes: 1024 * 1024,
      maxTotalOutputBytes: 32 * 1024 * 1024,
      maxFileBytes: 512 * 1024 * 1024,
      maxDiskBytes: 2 * 1024 * 1024 * 1024,
      network: false,
    });
  });

  it('keeps what the command sets and ignores nonsense', () => {
    const limits = effectiveLimits({ argv: ['true'], cwd: '/w', timeoutMs: 1000, memoryMb: 300, maxProcesses: 64, cpuSeconds: 5, maxOutputBytes: 10, maxTotalOutputBytes: 5, network: true, maxDiskBytes: -1 });
    expect(limits).toMatchObject({ memoryMb: 300, nodeHeapMb: 300, maxProcesses: 64, cpuSeconds: 5, maxOutputBytes: 10, maxTotalOutputBytes: 10, network: true, maxDiskBytes: 2 * 1024 * 1024 * 1024 });
  });
});

describe('describeLimits', () => {
  it('says each limit and how it is enforced', () => {
    const lines = describeLimits(effectiveLimits({ argv: ['true'], cwd: '/w', timeoutMs: 30_000, memoryMb: 512 }), { processes: 'pids cgroup', memory: 'watchdog', network: 'blocked', disk: 'watchdog' });
    expect(lines).toEqual([
      'wall clock: 30 s',
      'CPU time: 30 s per process (RLIMIT_CPU)',
      'memory: 512 MB resident for all processes (watchdog); node heap 512 MB (--max-old-space-size)',
      'processes: 512 processes and threads (pids cgroup)',
      'output: first 1 MiB per stream kept, stopped after 32 MiB',
      'files: 512 MiB per file (RLIMIT_FSIZE); disk: 2 GiB (watchdog)',
      'network: blocked',
    ]);
  });
});
