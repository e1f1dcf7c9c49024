import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSuiteSchema } from '../../../src/documents/index.js';
import { parseTestTotals } from '../../../src/roles/test-output.js';
import { buildSandboxEnv } from '../../../src/sandbox/sandbox-env.js';
import { describeScenarioConformance } from './scenario-conformance.js';
import { TODO_CLI_IDEA, todoCliDocuments, todoCliScenario, todoCliTasks, todoCliTestSuite } from './todo-cli.js';

const run = promisify(execFile);
const { system_design: design, task_plan: plan, api_spec: apiSpec } = todoCliDocuments;

describeScenarioConformance(todoCliScenario);

describe('todo-cli scenario documents', () => {
  it('restates the idea exactly and names the project as the idea does', () => {
    expect(TODO_CLI_IDEA).toBe(
      'A command-line todo list manager in JavaScript: add, list, complete and remove todos, saved to a JSON file, with tests using node --test and no dependencies',
    );
    expect(todoCliDocuments.prd.original_requirements).toBe(TODO_CLI_IDEA);
  });

  it('plans the manifest first, no packages, and node --test', () => {
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

  it('the review approves with minor points and counts the tests right', () => {
    const review = todoCliDocuments.review;
    expect(review.verdict).toBe('approve');
    expect(review.comments.length).toBeGreaterThanOrEqual(2);
    for (const comment of review.comments) expect(comment.severity).toBe('minor');
    const tests = Object.values(todoCliTasks)
      .flatMap((change) => change.files)
      .reduce((count, file) => count + (file.content.match(/^test\(/gm)?.length ?? 0), 0);
    expect(review.summary).toContain(`The ${tests} tests`);
  });

  it('QA’s test names are the tests of its file', () => {
    const suite = testSuiteSchema.parse(todoCliTestSuite);
    for (const name of suite.plan.cases.map((c) => c.test)) expect(suite.files[0]!.content).toContain(`test('${name}'`);
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
    const list = await inProject(design.commands.run!);
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
