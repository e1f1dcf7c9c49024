import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockRun, RunInUseError } from './run-lock.js';

function lockFile(project: string, runId: string): string {
  mkdirSync(join(project, '.atelier', 'locks'), { recursive: true });
  return join(project, '.atelier', 'locks', `${runId}.lock`);
}

describe('lockRun', () => {
  it('refuses a run another live process holds, and frees it on release', async () => {
    const project = mkdtempSync(join(tmpdir(), 'atelier-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(lockFile(project, 'r-1'), JSON.stringify({ pid: other.pid, startedAt: '2026-11-21T00:00:00Z' }));
      const error = await lockRun(project, 'r-1').catch((e: unknown) => e);
      expect(RunInUseError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await once(other, 'close');
    }
    // The holder is gone now (as after a kill): its lock is stale and taken over.
    const lock = await lockRun(project, 'r-1');
    await lock.release();
    expect(existsSync(lockFile(project, 'r-1'))).toBe(false);
  });
});
