import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli.js';
import { runIdFrom } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every file under `dir`, as text (the store, the rendered documents, git's objects are compressed: skipped). */
function allText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    if (name === 'objects') continue;
    const path = join(dir, name);
    text += statSync(path).isDirectory() ? allText(path) : readFileSync(path, 'latin1');
  }
  return text;
}

describe('secrets', () => {
  it('a key given under any variable name (api_key_env) never reaches the output, the events or the store, even when the provider echoes it', async () => {
    const credential = 'gw-credential-0123456789abcdef';
    server = await startFakeLlmServer({
      // The gateway refuses the key and, as some do, quotes it back.
      responder: () => ({ kind: 'error', status: 401, body: { error: { message: `invalid credential ${credential}`, type: 'auth' } } }),
      models: [{ id: 'scripted', context_length: 200_000 }],
    });
    const cwd = tempDir();
    const env = cleanEnv({ GATEWAY_CREDENTIAL: credential });
    const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  gateway:\n    base_url: ${server.url}\n    api_key_env: GATEWAY_CREDENTIAL\nmodels:\n  default: scripted\n`);

    const run = await runCli(['run', '--idea', TODO_CLI_IDEA, '--project', 'todo'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain('[REDACTED]');
    const show = await runCli(['show', runIdFrom(run), '--project', 'todo', '--json'], { cwd, env });
    const runs = await runCli(['runs', '--project', 'todo'], { cwd, env });
    for (const printed of [run.stdout, run.stderr, show.stdout, show.stderr, runs.stdout]) expect(printed).not.toContain(credential);
    expect(allText(join(cwd, 'todo'))).not.toContain(credential);
  });
});
