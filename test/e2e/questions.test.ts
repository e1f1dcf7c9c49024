import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { scenarioReply, scenarioRequestName } from '../support/scenarios/scripted-scenario.js';
import { TODO_CLI_IDEA, todoCliDocuments, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { readDoc } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const QUESTIONS = ['Should completed todos be kept forever, or removed after a while?', 'Is one list per folder right, or one list for the whole machine?'];

/** The product manager asks on its first answer, and builds the answers in on its second. */
const askingProductManager = {
  prd: (req: Parameters<typeof scenarioReply>[0]) => {
    const asking = !req.messages.some((message) => message.content.includes("with the user's answers"));
    return scenarioReply(req, asking ? { ...todoCliDocuments.prd, questions: QUESTIONS } : todoCliDocuments.prd);
  },
};

const shownSchema = z.object({
  run: z.looseObject({ status: z.string() }),
  questions: z.array(z.looseObject({ stageId: z.string(), status: z.string(), questions: z.array(z.string()), answers: z.array(z.string().nullable()).optional() })),
  documents: z.array(z.looseObject({ name: z.string(), version: z.number(), lineage: z.array(z.string()) })),
});

describe('questions to the user (a role that asks instead of guessing)', () => {
  it('parks on the questions with exit 3, takes the answers non-interactively, and the next PRD version builds them in', { timeout: 240_000 }, async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder(askingProductManager) });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const atelier = (args: string[]) => runCli(args, { cwd, env, timeoutMs: 240_000 });
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo']);
    expect(first.code).toBe(3);
    const runId = /run (r-[0-9a-f]+) is waiting/.exec(first.stdout)?.[1] ?? '';
    expect(first.stdout).toContain('write_prd: waiting for answers to 2 questions of prd v1');
    expect(first.stdout).toContain(`1. ${QUESTIONS[0]}`);
    expect(first.stdout).toContain(`atelier answer ${runId} --project todo --answer "1=…"`);
    expect(server.requests.map((req) => scenarioRequestName(req))).toEqual(['prd']);

    const bad = await atelier(['answer', runId, '--project', 'todo', '--answer', '3=no such question']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('there are 2 questions to answer, numbered 1 to 2; no question 3. Nothing was recorded.');

    const answered = await atelier(['answer', runId, '--project', 'todo', '--answer', '1=Kept forever; `todo remove` deletes one.']);
    expect(answered.stderr).toBe('');
    expect(answered.code).toBe(0);
    const prdRequests = server.requests.filter((req) => scenarioRequestName(req) === 'prd');
    expect(prdRequests).toHaveLength(2);
    const revision = prdRequests[1]!.messages.map((message) => message.content).join('\n');
    expect(revision).toContain(`1. ${QUESTIONS[0]}\n   Answer: Kept forever; \`todo remove\` deletes one.`);
    expect(revision).toContain(`2. ${QUESTIONS[1]}\n   Answer: (no answer: decide, and record your assumption)`);
    // The revision may not ask again: its schema has no questions field.
    expect(JSON.stringify(prdRequests[1]!.responseFormat ?? prdRequests[1]!.messages)).not.toContain('Questions for the user');

    const shown = shownSchema.parse(JSON.parse((await atelier(['show', runId, '--project', 'todo', '--json'])).stdout));
    expect(shown.run.status).toBe('succeeded');
    expect(shown.questions).toEqual([expect.objectContaining({ stageId: 'write_prd', status: 'answered', answers: ['Kept forever; `todo remove` deletes one.', null] })]);
    expect(shown.documents.find((d) => d.name === 'prd')?.version).toBe(2);
    expect(readDoc(`${cwd}/todo`, 'test_report')).toContain("The project's own tests **pass**.");
  });

  it('with --no-questions, the role gets no questions field and the run does not stop', { timeout: 240_000 }, async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder(askingProductManager) });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const run = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--no-questions'], { cwd, env, timeoutMs: 240_000 });
    // The scripted model still writes questions; without the field they are not taken, and nothing waits.
    expect(run.code).toBe(0);
  });
});
