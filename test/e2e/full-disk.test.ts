import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';

let server: FakeLlmServer | undefined;
const mounts: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A tiny file system of its own (root only: mount), so the disk fills part way through a run. */
function tinyDisk(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

describe.skipIf(process.getuid?.() !== 0)('a disk that fills up', () => {
  it('stops the run as resumable (exit 1, the resume command), never "nothing was run"', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const disk = tinyDisk('1m');
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', join(disk, 'todo')], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/atelier resume r-[\w-]+/);
    expect(result.stdout + result.stderr).not.toContain('nothing was run');
  });

  it('reads a project on a read-only file system (runs, show), and says EROFS when asked to write it', async () => {
    server = await startFakeLlmServer({ responder: () => ({ kind: 'error', status: 400 }) });
    const disk = tinyDisk('64m');
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const project = join(disk, 'todo');
    const failed = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', project], { cwd, env });
    expect(failed.code).toBe(1);
    const runId = /atelier resume (r-[\w-]+)/.exec(failed.stdout + failed.stderr)![1]!;
    execFileSync('mount', ['-o', 'remount,ro', disk]);

    const runs = await runCli(['runs', '--project', project], { cwd, env });
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain(runId);
    const show = await runCli(['show', runId, '--project', project], { cwd, env });
    expect(show.code).toBe(0);
    const resume = await runCli(['resume', runId, '--project', project], { cwd, env });
    expect(resume.code).toBe(2);
    const fresh = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', join(disk, 'another')], { cwd, env });
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain(`the project folder ${disk} cannot be written (EROFS: its file system is mounted read-only)`);
    expect(resume.stderr).toContain(`the project folder ${project} cannot be written (EROFS: its file system is mounted read-only)`);
    expect(resume.stderr).not.toContain('ENOENT');
  });
});
