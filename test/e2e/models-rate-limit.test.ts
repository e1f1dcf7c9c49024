import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const LIMIT = 1;

/**
 * A provider that allows LIMIT requests in flight and refuses the rest with 429. Every answer
 * takes a moment, so the run's parallel stages (review, deployment guide, user docs) overlap.
 */
async function strictProvider(): Promise<{ server: FakeLlmServer; refused: () => number }> {
  const answer = todoCliResponder();
  let refused = 0;
  const fake = await startFakeLlmServer({
    responder: async (req): Promise<FakeReply> => {
      if (fake.inFlight > LIMIT) {
        refused++;
        return { kind: 'error', status: 429, headers: { 'retry-after-ms': '20' } };
      }
      const reply = await answer(req);
      return reply.kind === 'text' ? { ...reply, delayMs: 150 } : reply;
    },
  });
  return { server: fake, refused: () => refused };
}

function configure(env: Record<string, string>, url: string, rateLimit: string): void {
  const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  fake:\n    type: openai-compatible\n    base_url: ${url}\n${rateLimit}models:\n  default: scripted\n`);
}

describe('a parallel run against a provider with a concurrency limit', () => {
  it('stays under the configured limit: no request is refused', async () => {
    const strict = await strictProvider();
    server = strict.server;
    const cwd = tempDir();
    const env = cleanEnv();
    configure(env, server.url, `    rate_limit:\n      concurrency: ${LIMIT}\n`);
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--concurrency', '4', '--project', 'todo', '--json'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(strict.refused()).toBe(0);
    expect(server.maxConcurrent).toBe(LIMIT);
    // The calls that waited say so in the event log.
    expect(result.stdout).toContain('"type":"llm.rate_limited"');
    const runId = /"runId":"(r-[0-9a-f]{8})"/.exec(result.stdout)?.[1];
    expect((await showRun(runId!, cwd, env, 'todo')).run.status).toBe('succeeded');
  });

  it('without the limit the same run trips 429s (and still completes, by retrying)', async () => {
    const strict = await strictProvider();
    server = strict.server;
    const cwd = tempDir();
    const env = cleanEnv();
    configure(env, server.url, '');
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--concurrency', '4', '--project', 'todo', '--json'], { cwd, env });
    expect(result.code).toBe(0);
    expect(strict.refused()).toBeGreaterThan(0);
    expect(result.stdout).toContain('"type":"llm.retry"');
  });
});
