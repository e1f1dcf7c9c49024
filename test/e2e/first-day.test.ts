import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { closedPort } from '../support/closed-port.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('what a new user meets first', () => {
  it('finds an endpoint that does not answer before anything is written: one message, exit 2, no project folder', async () => {
    const cwd = tempDir();
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--project', 'todo'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: url }) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: cannot reach the model endpoint ${url} (OPENAI_BASE_URL): the connection was refused (nothing listens there). Check that the server is running (for Ollama: \`ollama serve\`), the URL and the port; nothing was created.`,
    ]);
    expect(existsSync(join(cwd, 'todo'))).toBe(false);
  });

  it('prints a failure once where it happens and once in the summary, however often it was retried', async () => {
    server = await startFakeLlmServer();
    server.setResponder(() => ({ kind: 'error', status: 503, headers: { 'retry-after': '0' } }));
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', 'a todo app', '--model', 'scripted', '--project', 'todo'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(result.code).toBe(1);
    expect(server.requests.length).toBeGreaterThan(1);
    const [failure] = /write_prd model call failed: (.*)$/m.exec(result.stdout)?.slice(1) ?? [];
    expect(failure).toBeDefined();
    expect(count(result.stdout, failure!)).toBe(2);
    expect(result.stdout).toContain('write_prd model call failed again (the same error)');
    expect(result.stdout).toContain('run FAILED (see below)');
  });
});
