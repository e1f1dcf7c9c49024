import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import type { FakeChatRequest, FakeResponder } from '../support/fake-llm-types.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { scenarioReply, scenarioRequestName } from '../support/scenarios/scripted-scenario.js';
import { TODO_CLI_IDEA, todoCliDocuments, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { readDoc } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FEEDBACK = 'The PRD never says where the todo list is stored between runs: name the file, so the design can rely on it.';

/** The architect sends the product manager feedback on its first answer, and designs on the revision. */
const feedbackFromArchitect = {
  system_design: (req: FakeChatRequest) => {
    const prdV2 = req.messages.some((message) => message.content.includes('v2'));
    return scenarioReply(req, prdV2 ? todoCliDocuments.system_design : { ...todoCliDocuments.system_design, feedback_for_inputs: [{ document: 'PRD', feedback: FEEDBACK }] });
  },
};

const shownSchema = z.object({
  run: z.looseObject({ status: z.string() }),
  documents: z.array(
    z.looseObject({ id: z.string(), name: z.string(), version: z.number(), lineage: z.array(z.string()), earlierVersions: z.array(z.looseObject({ id: z.string(), version: z.number() })).optional() }),
  ),
  messages: z.array(z.looseObject({ fromStage: z.string(), toStage: z.string(), document: z.string(), version: z.number(), content: z.string(), round: z.number() })),
});

const text = (req: FakeChatRequest) => `${req.system}\n${req.messages.map((m) => m.content).join('\n')}\n${JSON.stringify(req.responseFormat ?? '')}`;

async function project(responder: FakeResponder) {
  server = await startFakeLlmServer({ responder });
  const cwd = tempDir();
  const env = cleanEnv({ OPENAI_BASE_URL: server.url });
  const atelier = (args: string[]) => runCli(args, { cwd, env, timeoutMs: 240_000 });
  const show = async (runId: string) => shownSchema.parse(JSON.parse((await atelier(['show', runId, '--project', 'todo', '--json'])).stdout));
  const requests = (name: string) => server!.requests.filter((req) => scenarioRequestName(req) === name);
  return { cwd, atelier, show, requests };
}

describe('feedback between roles (a role sends the author of its input feedback; the author revises once)', () => {
  it('the architect finds the PRD wanting: the product manager writes v2 from the feedback, the architect designs on v2, and the run finishes with passing tests', { timeout: 240_000 }, async () => {
    const { cwd, atelier, show, requests } = await project(todoCliResponder(feedbackFromArchitect));
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/design_system feedback on prd v1 to write_prd, which revises it: The PRD never says where/);
    const runId = /run (r-[0-9a-f]+) finished/.exec(first.stdout)?.[1] ?? '';

    // Offered to the architect on its first answer only, and only for the PRD.
    const designs = requests('system_design');
    expect(designs).toHaveLength(2);
    expect(text(designs[0]!)).toContain('feedback_for_inputs');
    expect(text(designs[1]!)).not.toContain('feedback_for_inputs');
    // The revision request carries the feedback and the version it is about.
    const prds = requests('prd');
    expect(prds).toHaveLength(2);
    const revision = prds[1]!.messages.map((m) => m.content).join('\n');
    expect(revision).toContain('on feedback from a role that builds on it');
    expect(revision).toContain('The Software Architect (stage "design_system") read version 1 of your document');
    expect(revision).toContain(FEEDBACK);
    // The API designer may send feedback on the design (only it reads it first), never on the PRD the architect read before it.
    const api = text(requests('api_spec')[0]!);
    expect(api).toContain("the input's name: system_design");
    expect(api).not.toContain("the input's name: prd");

    const shown = await show(runId);
    expect(shown.run.status).toBe('succeeded');
    expect(shown.messages).toEqual([expect.objectContaining({ fromStage: 'design_system', toStage: 'write_prd', document: 'prd', version: 1, content: FEEDBACK, round: 1 })]);
    const prd = shown.documents.find((d) => d.name === 'prd')!;
    expect(prd.version).toBe(2);
    expect(prd.lineage).toContain(prd.earlierVersions![0]!.id);
    const design = shown.documents.find((d) => d.name === 'system_design')!;
    expect([design.version, design.lineage]).toEqual([1, [prd.id]]);
    expect(readDoc(`${cwd}/todo`, 'test_report')).toContain("The project's own tests **pass**.");
    const human = await atelier(['show', runId, '--project', 'todo']);
    expect(human.stdout).toMatch(/feedback between roles\n {2}design_system → write_prd\s+prd v1\s+round 1\n {6}The PRD never says/);
  });

  it('sends no feedback with --feedback-rounds 0: the schema offers none and a stray field is not taken', { timeout: 240_000 }, async () => {
    const { cwd, atelier, requests } = await project(todoCliResponder(feedbackFromArchitect));
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--feedback-rounds', '0']);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('feedback on prd');
    expect(readDoc(`${cwd}/todo`, 'system_design')).not.toContain(FEEDBACK);
    expect(requests('prd')).toHaveLength(1);
    expect(requests('system_design')).toHaveLength(1);
    expect(server!.requests.some((req) => text(req).includes('feedback_for_inputs'))).toBe(false);
    const bad = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo2', '--feedback-rounds', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--feedback-rounds must be a whole number from 0 to 5, not "many"');
  });

  it('a run that stops between the feedback and the revision resumes with the revision: the feedback is not sent again, no answered call is asked again', { timeout: 240_000 }, async () => {
    let revisionFails = true;
    const { atelier, show, requests } = await project(
      todoCliResponder({
        ...feedbackFromArchitect,
        prd: (req) => (revisionFails && req.messages.some((m) => m.content.includes('on feedback from a role')) ? { kind: 'error', status: 400 } : scenarioReply(req, todoCliDocuments.prd)),
      }),
    );
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo']);
    expect(first.code).toBe(1);
    const runId = /atelier resume (r-[0-9a-f]+)/.exec(`${first.stdout}${first.stderr}`)?.[1] ?? '';
    expect(runId).not.toBe('');
    const designsBefore = requests('system_design').length;
    expect(designsBefore).toBe(1);
    revisionFails = false;
    const resumed = await atelier(['resume', runId, '--project', 'todo']);
    expect(resumed.code).toBe(0);
    // The architect's first answer is not asked again: the resume goes straight to the revision, then designs on v2.
    expect(requests('system_design')).toHaveLength(2);
    expect(text(requests('system_design')[1]!)).not.toContain('feedback_for_inputs');
    const shown = await show(runId);
    expect(shown.run.status).toBe('succeeded');
    expect(shown.messages).toHaveLength(1);
    expect(shown.documents.find((d) => d.name === 'prd')?.version).toBe(2);
  });

  it('keeps feedback on a document a person approves as a note for them: its role does not revise it and the stage goes on with its answer', { timeout: 240_000 }, async () => {
    const { atelier, show, requests } = await project(todoCliResponder(feedbackFromArchitect));
    const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--approve', 'after_prd', '--auto-approve']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('design_system feedback on prd v1 for you (a person approves it, so write_prd does not revise it)');
    expect(requests('prd')).toHaveLength(1);
    expect(requests('system_design')).toHaveLength(1);
    const runId = /run (r-[0-9a-f]+) finished/.exec(first.stdout)?.[1] ?? '';
    const shown = await show(runId);
    expect(shown.messages).toEqual([expect.objectContaining({ document: 'prd', forPerson: true })]);
    expect(shown.documents.find((d) => d.name === 'prd')?.version).toBe(1);
    expect((await atelier(['show', runId, '--project', 'todo'])).stdout).toMatch(/design_system → you\s+prd v1\s+a note for the person who approves it/);
  });
});
