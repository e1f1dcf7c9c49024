import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, killProcess, processesWithArgument, processesWithEnvMarker, processTree, readProcess, type ProcessInfo } from './process-table.js';

const entry = (pid: number, ppid: number, state = 'S'): ProcessInfo => ({ pid, ppid, state, threads: 1, startTime: String(pid) });

describe('processTree', () => {
  it('collects a process and all its descendants, not its parent or siblings, and skips zombies', () => {
    const table = [entry(1, 0), entry(10, 1), entry(11, 10), entry(12, 11), entry(13, 10, 'Z'), entry(20, 1), entry(21, 20)];
    expect(processTree(10, table).map((p) => p.pid)).toEqual([10, 11, 12]);
    expect(processTree(99, table)).toEqual([]);
  });
});

describe('the live process table', () => {
  it('finds a process by its argument and its environment marker, and kills only the process it saw', async () => {
    const marker = `31.${Date.now() % 1e9}`;
    const child = spawn('sleep', [marker], { env: { PATH: process.env.PATH ?? '', ATELIER_TEST_MARK: marker }, stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid ?? -1;
    try {
      expect(processesWithArgument(marker)).toEqual([pid]);
      expect(processesWithEnvMarker(`ATELIER_TEST_MARK=${marker}`)).toEqual([pid]);
      const seen = readProcess(pid);
      expect(seen?.ppid).toBe(process.pid);
      // Same pid, different start time: a reused pid must not be killed.
      expect(killProcess({ pid, startTime: 'not-its-start-time' })).toBe(false);
      expect(isAlive(pid)).toBe(true);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      expect(seen && killProcess(seen)).toBe(true);
      await exited;
      expect(isAlive(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
