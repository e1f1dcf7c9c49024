import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { stateDir } from './projects.js';

const lockSchema = z.object({ pid: z.number().int(), startedAt: z.string() });

/** Another live process is running this run: two at once would pay twice and interleave state. */
export class RunInUseError extends Error {
  override readonly name = 'RunInUseError';
  constructor(
    readonly runId: string,
    readonly pid: number,
    since: string,
  ) {
    super(`run ${runId} is already being run by process ${pid} (since ${since}); wait for it to finish, or stop that process and resume again`);
  }
  static isInstance(error: unknown): error is RunInUseError {
    return error instanceof Error && error.name === 'RunInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the run for this process until `release` is called. A lock left by a process that is
 * gone (killed, crashed) is stale and taken over: that is exactly the case resume is for.
 */
export async function lockRun(projectDir: string, runId: string): Promise<{ release: () => Promise<void> }> {
  const dir = join(stateDir(projectDir), 'locks');
  const file = join(dir, `${runId}.lock`);
  await mkdir(dir, { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx' });
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = lockSchema.safeParse(JSON.parse(await readFile(file, 'utf8').catch(() => '{}')));
      if (held.success && held.data.pid !== process.pid && isAlive(held.data.pid)) throw new RunInUseError(runId, held.data.pid, held.data.startedAt);
      await rm(file, { force: true });
    }
  }
  throw new RunInUseError(runId, -1, 'just now');
}
