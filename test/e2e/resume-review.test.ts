import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { scenarioRequestName, TODO_CLI_IDEA } from '../support/scenarios/todo-cli.js';
import { runUntilKilled, showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('atelier resume after a kill during a code review', () => {
  it('continues with the review: the task is not implemented again and no answered call is asked again', { timeout: 240_000 }, async () => {
    server = await startFakeLlmServer();
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    // T1's files are written and committed by the time its first review is asked; that review hangs until the kill.
    const run = await runUntilKilled(server, (req) => scenarioRequestName(req) === 'review_T1', {
      cwd,
      env,
      args: ['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'],
    });
    expect(run.status).toBe('running');
    const before = server.requests.map((r) => ({ hash: r.bodyHash, name: scenarioRequestName(r) }));
    expect(before.map((r) => r.name).slice(-2)).toEqual(['T1', 'review_T1']);

    const resumed = await runCli(['resume', run.runId, '--project', 'todo', '--model', 'scripted'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    const after = server.requests.slice(before.length).map((r) => ({ hash: r.bodyHash, name: scenarioRequestName(r) }));
    // Every call answered before the kill (T1's implementation included) is not asked again...
    for (const { hash, name } of before.slice(0, -1)) expect(after.map((r) => r.hash), `${name} asked again`).not.toContain(hash);
    // ...and the review that was in flight is asked once more, with exactly the same request.
    expect(after.filter((r) => r.hash === before.at(-1)!.hash)).toHaveLength(1);
    expect(after.map((r) => r.name)[0]).toBe('review_T1');
    expect(after.map((r) => r.name)).not.toContain('T1');

    const shown = await showRun(run.runId, cwd, env, 'todo');
    expect(shown.run.status).toBe('succeeded');
    const reviewT1 = shown.documents.filter((d) => d.name === 'review_T1');
    expect(reviewT1).toHaveLength(1);
    expect(reviewT1[0]?.version).toBe(1);
    expect(shown.documents.every((d) => d.version === 1)).toBe(true);
  });
});
