/**
 * Records the demo cassette through the real pipeline: the built `atelier` CLI runs the
 * standard workflow with `--record` against the fake OpenAI-compatible server, which answers
 * from the scripted todo-CLI scenario. Re-run after changing prompts: `npm run demo:record`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLlmServer } from '../test/support/fake-llm-server.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../test/support/scenarios/todo-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const demoDir = join(root, 'examples', 'demo');
const cassette = join(demoDir, 'todo-cli.cassette.json');

const server = await startFakeLlmServer({ responder: todoCliResponder() });
const work = mkdtempSync(join(tmpdir(), 'atelier-record-'));
try {
  rmSync(cassette, { force: true });
  // Asynchronous on purpose: the fake server answers from this process's event loop.
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'atelier.js'), 'run', '--idea', TODO_CLI_IDEA, '--parallel', '--project', join(work, 'todo'), '--model', 'scripted-todo-cli', '--record', cassette],
    { cwd: work, stdio: 'inherit', env: { PATH: process.env.PATH ?? '', HOME: work, OPENAI_BASE_URL: server.url, NO_COLOR: '1' } },
  );
  const [status] = (await once(child, 'close')) as [number | null];
  if (status !== 0) throw new Error(`the recording run failed (exit ${status ?? 'none'})`);
  writeFileSync(
    join(demoDir, 'demo.json'),
    `${JSON.stringify(
      {
        idea: TODO_CLI_IDEA,
        workflow: 'standard',
        cassette: 'todo-cli.cassette.json',
        try: ['node src/cli.js add "buy milk"', 'node src/cli.js list', 'node src/cli.js done 1', 'node --test'],
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nrecorded ${server.requests.length} model exchanges to ${cassette}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
