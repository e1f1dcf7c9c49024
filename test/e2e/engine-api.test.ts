import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRunsEverywhere, resumeRun } from '../../src/engine/index.js';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli-design.js';

const ENGINE_START = fileURLToPath(new URL('../support/engine-start.mjs', import.meta.url));

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the engine API, without the CLI', () => {
  it('starts a run, is killed mid-way, and resumes it without paying for an answered call again', async () => {
    const KILL_AT = 5;
    server = await startFakeLlmServer();
    const answer = todoCliResponder();
    let arrived = 0;
    let reached!: () => void;
    const killPoint = new Promise<void>((resolve) => (reached = resolve));
    server.setResponder((req): FakeReply | Promise<FakeReply> => {
      if (++arrived === KILL_AT) {
        reached();
        return { kind: 'hang' };
      }
      return answer(req);
    });
    const cwd = tempDir();
    const env = cleanEnv();
    const child = spawn(process.execPath, [ENGINE_START, cwd, 'todo', TODO_CLI_IDEA, server.url], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A child that dies before the kill point (a broken build) fails the test at once, with its message.
    const died = once(child, 'close').then(() => {
      throw new Error(`the engine exited before the kill point: ${stderr}`);
    });
    await Promise.race([killPoint, died]);
    died.catch(() => undefined);
    child.kill('SIGKILL');
    await once(child, 'close');
    server.setResponder(answer);
    const before = server.requests.map((r) => r.bodyHash);

    const [stored] = await listRunsEverywhere(cwd, 'todo');
    expect(stored?.status).toBe('running');
    // No live process holds it: the list says what a user can do with it.
    expect(stored?.interrupted).toBe(true);
    expect((await runCli(['runs', '--project', 'todo'], { cwd, env })).stdout).toContain('interrupted (resumable)');
    expect((await runCli(['show', stored!.id, '--project', 'todo'], { cwd, env })).stdout).toContain(`run ${stored!.id}  interrupted (resumable)`);
    // The endpoint the run kept is used again only when named again (see resume-settings.ts).
    const resumed = await resumeRun({ runId: stored!.id, cwd, projectDir: 'todo', env, modelSettings: { baseUrl: server.url } });
    expect(resumed.outcome).toEqual({ status: 'succeeded' });
    const after = server.requests.slice(KILL_AT).map((r) => r.bodyHash);
    for (const hash of before.slice(0, KILL_AT - 1)) expect(after).not.toContain(hash);
    expect(after.filter((hash) => hash === before[KILL_AT - 1])).toHaveLength(1);
    expect(resumed.projectDir).toBe(join(cwd, 'todo'));
  });
});
