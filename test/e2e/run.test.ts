import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectNameFromIdea } from '../../src/engine/projects.js';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder, todoCliTasks } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists, gitLog, readDoc, runIdFrom, showRun } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('atelier run (standard workflow against the fake OpenAI-compatible server)', () => {
  it('turns the idea into every document, the program, its commits and events, in parallel', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = tempDir();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--parallel', '--model', 'scripted', '--project', 'todo'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const project = join(cwd, 'todo');

    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), `docs/${name}.md`).toBe(true);
    expect(readDoc(project, 'prd')).toContain('```mermaid\nquadrantChart');
    expect(readDoc(project, 'system_design')).toContain('classDiagram');
    expect(readDoc(project, 'test_report')).toMatch(/pass/i);
    for (const file of ['package.json', 'src/cli.js', 'src/todo-store.js']) expect(existsSync(join(project, file)), file).toBe(true);

    const log = gitLog(project);
    expect(log.some((c) => c.author.startsWith('Product Manager') && /prd v1/.test(c.subject))).toBe(true);
    expect(log.filter((c) => /^T\d+: /.test(c.subject)).length).toBe(Object.keys(todoCliTasks).length);
    expect(log.every((c) => c.author.endsWith('(Atelier)'))).toBe(true);
    // Everything the run made is committed, the .gitignore and what the tests wrote included.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: project, encoding: 'utf8' })).toBe('');

    const runId = runIdFrom(result);
    const shown = await showRun(runId, cwd, env, 'todo');
    expect(shown.run.status).toBe('succeeded');
    // The workflow's documents, and the code reviewer's review of each task as it was done.
    const taskReviews = Object.keys(todoCliTasks).map((id) => `review_${id}`);
    expect(shown.documents.map((d) => d.name).sort()).toEqual([...ALL_STANDARD_DOCUMENTS, ...taskReviews].sort());
    expect(shown.stages.every((s) => s.status === 'done')).toBe(true);
    expect(shown.modelCalls.length).toBe(server.requests.length);
    expect(shown.files).toContain('src/cli.js');
    // Each document is listed under the file name it has on disk.
    const text = await runCli(['show', runId, '--project', 'todo'], { cwd, env });
    expect(text.stdout).toContain('docs/review_t1.md');
    expect(text.stdout).not.toContain('docs/review_T1.md');
    expect(existsSync(join(project, 'docs', 'review_t1.md'))).toBe(true);

    // The line view (stdout is a pipe here) shows the stages as they happen.
    expect(result.stdout).toContain('write_prd started (');
    expect(result.stdout).toMatch(/test tests pass/);

    const runs = await runCli(['runs', '--project', 'todo'], { cwd, env });
    expect(runs.stdout).toContain(runId);
  });

  it('refuses a file the model places outside the workspace, with an event, and writes the rest', async () => {
    const t1 = todoCliTasks.T1!;
    server = await startFakeLlmServer({
      responder: todoCliResponder({
        T1: () => ({
          kind: 'text',
          content: JSON.stringify({
            ...t1,
            files: [...t1.files, { path: '../../etc/x', content: 'owned' }, { path: '/tmp/atelier-abs-x', content: 'owned' }, { path: 'docs/prd.md', content: '# PRD rewritten by an engineer' }, { path: 'docs/review_T2.md', content: 'approved by myself' }],
          }),
        }),
      }),
    });
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('REFUSED refused path "../../etc/x"');
    expect(result.stdout).toContain('/tmp/atelier-abs-x');
    expect(existsSync(join(cwd, '..', 'etc', 'x'))).toBe(false);
    expect(existsSync(join(cwd, 'etc', 'x'))).toBe(false);
    expect(existsSync('/tmp/atelier-abs-x')).toBe(false);
    expect(existsSync(join(cwd, 'todo', t1.files[0]!.path))).toBe(true);
    // The rendered documents are Atelier's: the PRD on disk is still the product manager's.
    expect(result.stdout).toContain('REFUSED refused "docs/prd.md": it is one of the documents Atelier renders');
    expect(result.stdout).toContain('REFUSED refused "docs/review_T2.md"');
    expect(readFileSync(join(cwd, 'todo', 'docs', 'prd.md'), 'utf8')).not.toContain('rewritten by an engineer');
    expect(readFileSync(join(cwd, 'todo', 'docs', 'review_t2.md'), 'utf8')).not.toContain('approved by myself');
  });
});

// eslint-disable-next-line no-control-regex -- what must never be printed raw.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe('hostile model text on the terminal', () => {
  it('prints model-chosen file names and texts with their control characters shown, never acted on', async () => {
    const t1 = todoCliTasks.T1!;
    server = await startFakeLlmServer({
      responder: todoCliResponder({
        T1: () => ({
          kind: 'text',
          content: JSON.stringify({ ...t1, notes: 'done\u001b]0;owned\u0007', files: [...t1.files, { path: 'src/\u001b[2Jclear.js', content: 'export {};\n' }, { path: '../\u001b[31mred', content: 'x' }] }),
        }),
      }),
    });
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(result.code).toBe(0);
    const printed = result.stdout + result.stderr;
    // NO_COLOR is set, so no escape character at all may reach the terminal.
    expect(printed).not.toMatch(CONTROL);
    expect(printed).toContain('src/\\x1b[2Jclear.js');
    expect(printed).toContain('\\x1b[31mred');
    const shown = await runCli(['show', runIdFrom(result), '--project', 'todo'], { cwd, env: cleanEnv() });
    expect(shown.stdout).not.toMatch(CONTROL);
  });
});

describe('bad input gets one clear message and writes nothing', () => {
  it('refuses an empty idea', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', '   ', '--model', 'm'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the idea is empty');
    expect(existsSync(join(cwd, 'workspace'))).toBe(false);
  });

  it('explains how to configure a model when none is', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', 'a todo app'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No model is configured');
    expect(result.stderr).toContain('OPENAI_BASE_URL');
    expect(result.stderr).toContain('atelier demo');
    expect(existsSync(join(cwd, 'workspace'))).toBe(false);
  });

  it('names an unknown workflow and the known ones', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', '--idea', 'x', '--workflow', 'standrd', '--model', 'm'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown workflow "standrd" (did you mean "standard"?)');
    expect(existsSync(join(cwd, 'workspace'))).toBe(false);
  });
});

describe('the offline demo', () => {
  it('replays the bundled cassette into a project whose own tests pass', async () => {
    const cwd = tempDir();
    const result = await runCli(['demo'], { cwd, env: cleanEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Try the program it built');
    const index = JSON.parse(readFileSync(new URL('../../examples/demo/demos.json', import.meta.url), 'utf8')) as { default: string; demos: { name: string; idea: string }[] };
    const demo = index.demos.find((d) => d.name === index.default)!;
    expect(result.stdout).toContain(demo.idea);
    const project = join(cwd, 'workspace', projectNameFromIdea(demo.idea));
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(project, name), `docs/${name}.md`).toBe(true);
    // QA's acceptance tests and the engineers' tests pass inside the sandbox, with no fix round needed.
    const report = readDoc(project, 'test_report');
    expect(report).toContain("The project's own tests **pass**.");
    expect(report).toContain('No fix round was needed.');
    expect(existsSync(join(project, 'test', 'acceptance.test.js'))).toBe(true);
  });

  it('stops with a message naming the stage when the cassette has no answer', async () => {
    const cwd = tempDir();
    const cassette = new URL('../../examples/demo/todo-cli.cassette.json', import.meta.url).pathname;
    const result = await runCli(['run', '--idea', 'a different idea entirely', '--replay', cassette, '--project', 'p'], { cwd, env: cleanEnv() });
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain('no recorded answer for stage "write_prd"');
    expect(result.stdout).toContain('atelier resume');
  });
});
