import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, spawnCli, tempDir } from '../support/run-cli.js';
import { scenarioRequestName } from '../support/scenarios/scripted-scenario.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { readDoc } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const shownSchema = z.object({
  run: z.looseObject({ id: z.string(), status: z.string() }),
  stages: z.array(z.looseObject({ stageId: z.string(), status: z.string(), waitingFor: z.string().optional() })),
  documents: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      version: z.number(),
      status: z.string(),
      lineage: z.array(z.string()),
      earlierVersions: z.array(z.looseObject({ id: z.string(), version: z.number(), status: z.string() })).optional(),
    }),
  ),
  approvals: z.array(z.looseObject({ stageId: z.string(), status: z.string(), name: z.string(), version: z.number() })),
});

async function start(args: string[]) {
  server = await startFakeLlmServer({ responder: todoCliResponder() });
  const cwd = tempDir();
  const env = cleanEnv({ OPENAI_BASE_URL: server.url });
  const atelier = (more: string[]) => runCli([...more], { cwd, env, timeoutMs: 240_000 });
  const first = await atelier(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', ...args]);
  const runId = /run (r-[0-9a-f]+) is waiting/.exec(`${first.stdout}${first.stderr}`)?.[1] ?? '';
  const show = async () => shownSchema.parse(JSON.parse((await atelier(['show', runId, '--project', 'todo', '--json'])).stdout));
  const asked = () => server!.requests.map((req) => scenarioRequestName(req));
  return { cwd, env, atelier, first, runId, show, asked };
}

describe('approval points (atelier run --approve, approve, reject)', () => {
  it('parks after the PRD, exits 3 saying how to go on, and approving continues the run without asking the PRD again', { timeout: 240_000 }, async () => {
    const { first, runId, atelier, show, asked, cwd } = await start(['--approve', 'after_prd']);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain(`run ${runId} is waiting: write_prd: waiting for approval of prd v1`);
    expect(first.stdout).toContain(`atelier approve ${runId} --project todo`);
    expect(first.stdout).toContain(`atelier reject ${runId} --project todo --feedback "what to change"`);
    expect(asked()).toEqual(['prd']);
    // The person reads the document where it will stay.
    expect(readDoc(`${cwd}/todo`, 'prd')).toContain('As a developer, I want to add a todo');
    const parked = await show();
    expect(parked.run.status).toBe('parked');
    expect(parked.stages.find((s) => s.stageId === 'write_prd')).toMatchObject({ status: 'parked', waitingFor: 'waiting for approval of prd v1' });
    expect(parked.approvals).toEqual([expect.objectContaining({ stageId: 'write_prd', status: 'requested', name: 'prd', version: 1 })]);
    const runs = await atelier(['runs', '--project', 'todo']);
    expect(runs.stdout).toMatch(/^ {4}waiting since \d{4}-\d\d-\d\d \d\d:\d\d: write_prd: waiting for approval of prd v1$/m);

    const approved = await atelier(['approve', runId, '--project', 'todo', '--comment', 'scope is right']);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`approved: prd v1 (stage write_prd) of run ${runId}`);
    expect(asked().filter((name) => name === 'prd')).toHaveLength(1);
    const done = await show();
    expect(done.run.status).toBe('succeeded');
    expect(done.documents.find((d) => d.name === 'prd')).toMatchObject({ version: 1, status: 'approved' });
    expect(done.approvals).toEqual([expect.objectContaining({ stageId: 'write_prd', status: 'granted', by: expect.any(String), comment: 'scope is right' })]);
    // Nothing is left to decide.
    const again = await atelier(['approve', runId, '--project', 'todo']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`run ${runId} has no document waiting for approval (its status is succeeded)`);
  });

  it('sends the PRD back with feedback: the revision request carries it, v2 descends from v1, and once approved the run finishes with passing tests', { timeout: 240_000 }, async () => {
    const { runId, atelier, show, asked, cwd } = await start(['--approve', 'write_prd', '--json']);
    const feedback = 'Add a story for clearing every completed todo at once.';
    const rejected = await atelier(['reject', runId, '--project', 'todo', '--feedback', feedback]);
    expect(rejected.code).toBe(3);
    expect(rejected.stdout).toContain(`sent back with feedback: prd v1 (stage write_prd) of run ${runId}`);
    expect(rejected.stdout).toContain('waiting for approval of prd v2');
    const prdRequests = server!.requests.filter((req) => scenarioRequestName(req) === 'prd');
    expect(prdRequests).toHaveLength(2);
    const revision = prdRequests[1]!.messages.map((message) => message.content).join('\n');
    expect(revision).toContain('# Your task: revise the');
    expect(revision).toContain(feedback);
    expect(revision).toContain('## Version 1, as they read it');
    const prd = (await show()).documents.find((d) => d.name === 'prd')!;
    expect([prd.version, prd.status]).toEqual([2, 'draft']);
    expect(prd.earlierVersions?.map((v) => [v.version, v.status])).toEqual([[1, 'rejected']]);
    expect(prd.lineage).toContain(prd.earlierVersions![0]!.id);

    const approved = await atelier(['approve', runId, '--project', 'todo']);
    expect(approved.code).toBe(0);
    expect(asked().filter((name) => name === 'prd')).toHaveLength(2);
    const done = await show();
    expect(done.run.status).toBe('succeeded');
    expect(readDoc(`${cwd}/todo`, 'test_report')).toContain("The project's own tests **pass**.");
  });

  it('approves a person\'s own version: show --document gives the YAML, an invalid edit changes nothing, a valid one is v2 by the user and the architect reads it', { timeout: 240_000 }, async () => {
    const { runId, atelier, show, cwd } = await start(['--approve', 'after_prd']);
    const yaml = await atelier(['show', runId, '--project', 'todo', '--document', 'prd']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^# prd v1 \(stage write_prd\), as YAML\./);
    expect(yaml.stdout).toContain('user_stories:');
    const bad = `${cwd}/bad.yml`;
    writeFileSync(bad, yaml.stdout.replace(/^user_stories:\n(?: {2}- .*\n)+/m, ''));
    const refused = await atelier(['approve', runId, '--project', 'todo', '--edited', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('your edit of prd v1 is not a valid document, so nothing was recorded:');
    expect(refused.stderr).toContain('user_stories');
    expect((await show()).approvals).toEqual([expect.objectContaining({ status: 'requested', version: 1 })]);
    const unreadable = `${cwd}/unreadable.yml`;
    writeFileSync(unreadable, 'product_goals: [unclosed\n');
    expect((await atelier(['approve', runId, '--project', 'todo', '--edited', unreadable])).stderr).toContain('it is not valid YAML');

    const good = `${cwd}/good.yml`;
    writeFileSync(good, yaml.stdout.replace('Capture, review and finish todos', 'Capture, review, tag and finish todos'));
    const approved = await atelier(['approve', runId, '--project', 'todo', '--edited', good, '--comment', 'added tags']);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`your edit approved: prd v2 (stage write_prd) of run ${runId}`);
    const done = await show();
    expect(done.run.status).toBe('succeeded');
    const prd = done.documents.find((d) => d.name === 'prd')!;
    expect(prd).toMatchObject({ version: 2, status: 'approved', authorRole: 'user' });
    expect(prd.lineage).toEqual([prd.earlierVersions![0]!.id]);
    expect(done.approvals).toEqual([expect.objectContaining({ status: 'granted', version: 2, edited: true, comment: 'added tags' })]);
    expect(readDoc(`${cwd}/todo`, 'prd')).toContain('Capture, review, tag and finish todos');
    const design = server!.requests.find((req) => scenarioRequestName(req) === 'system_design')!;
    expect(design.messages.map((m) => m.content).join('\n')).toContain('Capture, review, tag and finish todos');
    const log = execFileSync('git', ['log', '--format=%an|%s'], { cwd: `${cwd}/todo`, encoding: 'utf8' });
    expect(log).toMatch(/\|Product Requirements Document: prd v2 \(stage write_prd, edited and approved by [^)]+\)/);
  });

  it('decides by the approval timeout when nobody does: approve goes on; reject sends it back once, then the run stays parked; stop stops waiting', { timeout: 240_000 }, async () => {
    const approving = await start(['--approve', 'after_prd', '--approval-timeout', '1s', '--on-approval-timeout', 'approve']);
    expect(approving.first.stdout).toMatch(/Waiting until \d\d:\d\d:\d\d UTC \((?:\d+ms|1s)\) for a decision on prd v1 \(atelier approve r-[0-9a-f]+, from anywhere\); then the timeout will approve it\./);
    expect(approving.first.code).toBe(0);
    const runId = /run (r-[0-9a-f]+) finished/.exec(approving.first.stdout)?.[1] ?? '';
    const approved = shownSchema.parse(JSON.parse((await approving.atelier(['show', runId, '--project', 'todo', '--json'])).stdout));
    expect(approved.approvals).toEqual([expect.objectContaining({ status: 'granted', by: 'approval-timeout', comment: 'approved because nobody decided within 1s' })]);
    await server?.close();

    const rejecting = await start(['--approve', 'after_prd', '--approval-timeout', '1s', '--on-approval-timeout', 'reject']);
    expect(rejecting.first.code).toBe(3);
    expect(rejecting.first.stdout).toContain('Nobody decided on prd v2 within 1s, and the timeout sends a document back only once: the run stays parked.');
    const prds = server!.requests.filter((req) => scenarioRequestName(req) === 'prd');
    expect(prds).toHaveLength(2);
    expect(prds[1]!.messages.map((m) => m.content).join('\n')).toContain('Nobody approved this version within 1s.');
    const parked = await rejecting.show();
    expect(parked.approvals).toEqual([expect.objectContaining({ status: 'requested', version: 2 })]);
    await server?.close();

    const stopping = await start(['--approve', 'after_prd', '--approval-timeout', '1s', '--json']);
    expect(stopping.first.code).toBe(3);
    expect(stopping.first.stderr).toContain('then the timeout will stop waiting (the run stays parked).');
    expect(stopping.first.stderr).toContain('Nobody decided on prd v1 within 1s: stopped waiting; the run stays parked.');
  });

  it('a run killed while it waits for a decision continues with approve, asking no answered model call again', { timeout: 240_000 }, async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const waiting = spawnCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--approve', 'after_design', '--approval-timeout', '10m'], { cwd, env });
    let said = '';
    await new Promise<void>((resolve, reject) => {
      waiting.stdout.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('Waiting until')) resolve();
      });
      waiting.on('exit', () => reject(new Error(`the run exited instead of waiting:\n${said}`)));
    });
    const exited = new Promise((resolve) => waiting.on('exit', resolve));
    waiting.kill('SIGKILL');
    await exited;
    const runId = /run (r-[0-9a-f]+) is waiting/.exec(said)?.[1] ?? '';
    const asked = server.requests.map((req) => scenarioRequestName(req));
    expect(asked).toEqual(['prd', 'system_design']);
    const approved = await runCli(['approve', runId, '--project', 'todo'], { cwd, env, timeoutMs: 240_000 });
    expect(approved.code).toBe(0);
    const all = server.requests.map((req) => scenarioRequestName(req));
    // Every request once: nothing answered before the kill was asked again.
    expect(all.filter((name, i) => all.indexOf(name) !== i)).toEqual([]);
    expect(all.slice(0, 2)).toEqual(['prd', 'system_design']);
  });

  it('refuses a timeout it cannot read, before anything runs', async () => {
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    const bad = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--approve', 'after_prd', '--approval-timeout', 'soon'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--approval-timeout must be a wait like 30m, 2h, 45s or 1d, not "soon"');
    const action = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--approval-timeout', '5m', '--on-approval-timeout', 'shrug'], { cwd, env });
    expect(action.stderr).toContain('--on-approval-timeout must be approve, reject or stop, not "shrug"');
  });

  it('lets the stages that do not read a waiting document run: before_deployment holds only the deployment guide', { timeout: 240_000 }, async () => {
    const { first, runId, atelier, show } = await start(['--approve', 'before_deployment', '--parallel']);
    expect(first.code).toBe(3);
    const parked = await show();
    const status = Object.fromEntries(parked.stages.map((s) => [s.stageId, s.status]));
    expect(status).toMatchObject({ review_code: 'done', test: 'done', write_user_docs: 'done', write_deployment_guide: 'parked' });
    const approved = await atelier(['approve', runId, '--project', 'todo', '--stage', 'write_deployment_guide']);
    expect(approved.code).toBe(0);
    expect((await show()).run.status).toBe('succeeded');
  });

  it('refuses an approval point the workflow does not have, before anything is written', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--approve', 'after_prd,after_lunch'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no approval point "after_lunch" in this workflow: name a stage (write_prd, ');
    expect(result.stderr).toContain('or a named point (after_prd, after_design, before_deployment)');
  });

  it('says a replayed run can only be approved, and changes nothing when asked to reject it', { timeout: 120_000 }, async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const cassette = new URL('../../examples/demo/todo-cli.cassette.json', import.meta.url).pathname;
    const first = await runCli(['run', '--idea', TODO_CLI_IDEA, '--replay', cassette, '--project', 'todo', '--approve', 'after_prd'], { cwd, env });
    expect(first.code).toBe(3);
    const runId = /run (r-[0-9a-f]+) is waiting/.exec(first.stdout)?.[1] ?? '';
    const rejected = await runCli(['reject', runId, '--project', 'todo', '--feedback', 'more stories'], { cwd, env });
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain(`run ${runId} replays the recording`);
    expect(rejected.stderr).toContain(`so it can only be approved (\`atelier approve ${runId}\`); nothing was changed`);
    const approved = await runCli(['approve', runId, '--project', 'todo'], { cwd, env });
    expect(approved.code).toBe(0);
  });

  it('approves every point at once with --auto-approve, on record, and the run finishes', { timeout: 240_000 }, async () => {
    const { first, atelier } = await start(['--approve', 'after_prd,after_design', '--auto-approve']);
    expect(first.code).toBe(0);
    const runId = /run (r-[0-9a-f]+) finished/.exec(first.stdout)?.[1] ?? '';
    const shown = shownSchema.parse(JSON.parse((await atelier(['show', runId, '--project', 'todo', '--json'])).stdout));
    expect(shown.approvals.map((a) => [a.stageId, a.status, a.by])).toEqual([
      ['write_prd', 'granted', 'auto-approve'],
      ['design_system', 'granted', 'auto-approve'],
    ]);
    expect(shown.documents.find((d) => d.name === 'prd')?.status).toBe('approved');
  });
});
