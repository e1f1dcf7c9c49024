import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codeChangeSchema, documentSchema, renderDocumentMarkdown, reviewSchema, testSuiteSchema, type DocumentKind } from '../../../src/documents/index.js';
import { loadWorkflowFile } from '../../../src/config/index.js';
import { testSuiteProblems } from '../../../src/roles/qa-tests.js';
import { reviewProblems } from '../../../src/roles/review-role.js';
import { parseTestTotals } from '../../../src/roles/test-output.js';
import { buildSandboxEnv } from '../../../src/sandbox/sandbox-env.js';
import { TODO_CLI_IDEA, todoCliDocuments, todoCliProjectFiles, todoCliTaskReviews, todoCliTasks, todoCliTestSuite } from './todo-cli.js';

const run = promisify(execFile);
const { system_design: design, task_plan: plan, api_spec: apiSpec } = todoCliDocuments;

describe('todo-cli scenario documents', () => {
  it.each(Object.entries(todoCliDocuments))('%s satisfies its schema and renders to Markdown', (name, document) => {
    const kind = name as DocumentKind;
    const parsed = documentSchema(kind).safeParse(document);
    expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);
    const markdown = renderDocumentMarkdown({
      kind,
      name,
      content: document,
      meta: { version: 1, authorRole: 'scenario', status: 'approved', lineage: [], createdAt: '2025-01-01T00:00:00.000Z' },
    });
    expect(markdown.length).toBeGreaterThan(200);
  });

  it.each(Object.entries(todoCliTasks))('task %s answers with a valid code change for exactly its files', (taskId, change) => {
    const parsed = codeChangeSchema.safeParse(change);
    expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);
    const task = plan.tasks.find((candidate) => candidate.id === taskId);
    expect(change.files.map((file) => file.path)).toEqual(task?.files);
    expect(change.notes.length).toBeGreaterThan(40);
    for (const file of change.files) expect(file.content.trim(), file.path).not.toBe('');
  });

  it('restates the idea exactly and names the project as the idea does', () => {
    expect(TODO_CLI_IDEA).toBe(
      'A command-line todo list manager in JavaScript: add, list, complete and remove todos, saved to a JSON file, with tests using node --test and no dependencies',
    );
    expect(todoCliDocuments.prd.original_requirements).toBe(TODO_CLI_IDEA);
  });

  it('plans every file of the design exactly once, each task after the ones it depends on', () => {
    const planned = plan.tasks.flatMap((task) => task.files);
    expect([...planned].sort()).toEqual([...design.file_list].sort());
    expect(new Set(planned).size).toBe(planned.length);
    expect(Object.keys(todoCliTasks)).toEqual(plan.tasks.map((task) => task.id));
    plan.tasks.forEach((task, index) => {
      const earlier = plan.tasks.slice(0, index).map((t) => t.id);
      for (const dependency of task.dependencies) expect(earlier, `${task.id} depends on ${dependency}`).toContain(dependency);
    });
    expect(plan.tasks[0]?.files).toEqual(['package.json', 'README.md']);
    expect(plan.required_packages).toEqual([]);
    expect(design.commands).toEqual({ test: 'node --test', run: 'node src/cli.js list' });
  });

  it('the API spec describes every export of the store module and every CLI command', () => {
    const store = todoCliTasks['T2']?.files.find((file) => file.path === 'src/todo-store.js')?.content ?? '';
    const exported = [...store.matchAll(/^export (?:async )?(?:function|class|const) (\w+)/gm)].map((match) => match[1]);
    const documented = apiSpec.interface?.entries.map((entry) => entry.name).join(' ') ?? '';
    for (const name of exported.filter((n) => n !== 'DEFAULT_FILE_NAME')) expect(documented, `export ${name}`).toContain(name);
    const cli = todoCliTasks['T3']?.files.find((file) => file.path === 'src/cli.js')?.content ?? '';
    for (const command of ['add', 'list', 'done', 'remove', 'help']) {
      expect(documented).toContain(`todo ${command}`);
      expect(cli).toContain(command);
    }
  });

  it('the review approves and points at lines that exist', () => {
    const review = todoCliDocuments.review;
    expect(review.verdict).toBe('approve');
    expect(review.comments.length).toBeGreaterThanOrEqual(2);
    for (const comment of review.comments) {
      expect(comment.severity).toBe('minor');
      const content = Object.values(todoCliTasks).flatMap((change) => change.files).find((file) => file.path === comment.file)?.content;
      expect(content, comment.file).toBeDefined();
      expect(comment.line).toBeLessThanOrEqual(content?.split('\n').length ?? 0);
    }
    const tests = Object.values(todoCliTasks)
      .flatMap((change) => change.files)
      .reduce((count, file) => count + (file.content.match(/^test\(/gm)?.length ?? 0), 0);
    expect(review.summary).toContain(`The ${tests} tests`);
  });

  it('reviews each task with an approval whose comments point at lines of that task’s files', () => {
    expect(Object.keys(todoCliTaskReviews)).toEqual(plan.tasks.map((task) => task.id));
    for (const task of plan.tasks) {
      const review = reviewSchema.parse(todoCliTaskReviews[task.id]);
      expect(review.verdict).toBe('approve');
      const shown = new Map(task.files.map((path) => [path, todoCliProjectFiles[path] ?? '']));
      expect(reviewProblems(review, shown), task.id).toEqual([]);
    }
  });

  it('QA’s test plan covers every user story with new test files the runner finds', () => {
    const suite = testSuiteSchema.parse(todoCliTestSuite);
    expect(testSuiteProblems(suite, { engineerFiles: new Set(design.file_list), userStories: todoCliDocuments.prd.user_stories })).toEqual([]);
    const names = suite.plan.cases.map((c) => c.test);
    for (const name of names) expect(suite.files[0]!.content).toContain(`test('${name}'`);
  });

  it('answers every document the standard workflow asks a model for', async () => {
    const workflow = await loadWorkflowFile(join(import.meta.dirname, '../../../workflows/standard.yml'));
    const produced = new Set(['source_code', 'test_report']);
    const asked = workflow.definition.stages.map((stage) => stage.output).filter((output) => !produced.has(output));
    expect(asked.sort()).toEqual(Object.keys(todoCliDocuments).sort());
  });
});

describe('the project the scenario writes', () => {
  let projectDir = '';

  beforeAll(() => {
    projectDir = mkdtempSync(join(tmpdir(), 'atelier-todo-cli-'));
    for (const change of [...Object.values(todoCliTasks), todoCliTestSuite]) {
      for (const file of change.files) {
        mkdirSync(dirname(join(projectDir, file.path)), { recursive: true });
        writeFileSync(join(projectDir, file.path), file.content);
      }
    }
  });
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  /** Runs a command the way QA does: `sh -c`, in the project, with the sandbox's scrubbed environment. */
  async function inProject(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = buildSandboxEnv({ home: projectDir, tmpdir: tmpdir() });
    try {
      const { stdout, stderr } = await run('sh', ['-c', command], { cwd: projectDir, env, timeout: 30_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  it('passes its own tests and QA’s acceptance tests with the design’s test command, as QA would see them', async () => {
    const result = await inProject(design.commands.test);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output.slice(-2_000)).toBe(0);
    const totals = parseTestTotals(output);
    expect(totals?.failed).toBe(0);
    expect(totals?.passed).toBeGreaterThanOrEqual(8 + todoCliTestSuite.plan.cases.length);
    expect(output).toMatch(/^ok \d+ - story: add a todo with one command and get its id back$/m);
    expect(output).toMatch(/^# pass \d+$/m);
  });

  it('runs with the design’s run command and manages todos end to end', async () => {
    const list = await inProject(design.commands.run);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^Nothing to do/);
    expect((await inProject('node src/cli.js add buy milk')).stdout).toBe('Added 1: buy milk\n');
    expect((await inProject('node src/cli.js done 1 && node src/cli.js list --all')).stdout).toBe('Completed 1: buy milk\n[x] 1 buy milk\n');
    expect(JSON.parse(readFileSync(join(projectDir, 'todos.json'), 'utf8')).todos).toHaveLength(1);
    expect((await inProject('node src/cli.js done 2')).code).toBe(1);
    expect((await inProject('node src/cli.js')).code).toBe(2);
  });

  it('declares a dependency-free ES module package with the todo command', () => {
    const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', bin: { todo: 'src/cli.js' }, scripts: { test: 'node --test' }, engines: { node: '>=20' } });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
    expect(readFileSync(join(projectDir, 'src/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(readFileSync(join(projectDir, 'README.md'), 'utf8')).toContain('TODO_FILE');
  });
});
