import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import type { FakeReply } from '../support/fake-llm-types.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { docExists, runIdFrom } from './e2e-helpers.js';

const TWO_STAGES =
  'name: Two stages\ndescription: requirements then design\nstages:\n' +
  '  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n' +
  '  - task: design_system\n    role: architect\n    input: prd\n    output: system_design\n';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('atelier resume keeps the settings the run started with', () => {
  it('resumes a stopped run on the model it started with, without repeating --model', async () => {
    const answer = todoCliResponder();
    let calls = 0;
    server = await startFakeLlmServer({
      responder: (req): FakeReply | Promise<FakeReply> => (++calls === 2 ? { kind: 'error', status: 401 } : answer(req)),
    });
    const cwd = tempDir();
    writeFileSync(join(cwd, 'two.yml'), TWO_STAGES);
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const first = await runCli(['run', '--idea', 'a todo list', '--workflow', './two.yml', '--model', 'scripted-model', '--project', 'p'], { cwd, env });
    expect(first.code).toBe(1);
    expect(`${first.stdout}${first.stderr}`).toMatch(/401|rejected the API key|authentication/i);
    const runId = runIdFrom(first);

    server.setResponder(answer);
    // The hint the summary prints must work as printed: no --model needed again.
    const resumed = await runCli(['resume', runId, '--project', 'p'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(docExists(join(cwd, 'p'), 'system_design')).toBe(true);
    expect(server.requests.at(-1)?.model).toBe('scripted-model');
  });
});
