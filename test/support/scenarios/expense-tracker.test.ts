import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeChangeSchema, codeFixSchema, reviewSchema, testSuiteSchema } from '../../../src/documents/index.js';
import { applyEdits } from '../../../src/roles/apply-edits.js';
import { reviewProblems } from '../../../src/roles/review-role.js';
import { parseTestFailures, parseTestTotals } from '../../../src/roles/test-output.js';
import { buildSandboxEnv } from '../../../src/sandbox/sandbox-env.js';
import type { FakeChatRequest } from '../fake-llm-types.js';
import { EXPENSE_STORE, floatBuggyStore, floatFixingEngineer, floatRepairEdit, pickyExpenseReviewer, reviewThatCatchesTheFloat } from './expense-tracker-bugs.js';
import { expenseAcceptanceTests } from './expense-tracker-qa.js';
import { ENGINEER_TEST_CASES } from './expense-tracker-wrap-up.js';
import { EXPENSE_TRACKER_IDEA, expenseTrackerScenario } from './expense-tracker.js';
import { describeScenarioConformance } from './scenario-conformance.js';

const run = promisify(execFile);
const { documents, tasks, testSuite } = expenseTrackerScenario;
const design = documents.system_design;

describeScenarioConformance(expenseTrackerScenario);

/** One file of the engineers' answers. */
const written = (path: string): string => Object.values(tasks).flatMap((change) => change.files).find((file) => file.path === path)?.content ?? '';

describe('expense-tracker scenario documents', () => {
  it('restates the idea exactly and asks for Python, pytest and no runtime dependency', () => {
    expect(EXPENSE_TRACKER_IDEA).toBe(
      'A command-line expense tracker in Python that records expenses to a CSV file and reports totals by category, packaged with pyproject.toml and tested with pytest',
    );
    expect(design.language).toBe('Python');
    expect(design.commands).toEqual({ test: 'python3 -m pytest -q', run: 'python3 -m expenses list' });
    expect(documents.task_plan.required_packages).toEqual([{ name: 'pytest', version: '>=7', dev: true }]);
    const pyproject = written('pyproject.toml');
    expect(pyproject).toContain('expenses = "expenses.cli:main"');
    // The pipeline installs what a `dependencies = ["…"]` line declares: there must be none.
    expect(pyproject).not.toMatch(/^\s*dependencies\s*=/m);
  });

  it('the API spec describes every public name of the store and every CLI command', () => {
    const store = written(EXPENSE_STORE);
    const defined = [...store.matchAll(/^(?:def|class) ([A-Za-z]\w*)/gm)].map((match) => match[1]!);
    const documented = documents.api_spec.interface?.entries.map((entry) => entry.name).join(' ') ?? '';
    for (const name of defined) expect(documented, name).toContain(name);
    const cli = written('expenses/cli.py');
    for (const command of ['add', 'list', 'total']) {
      expect(documented).toContain(`expenses ${command}`);
      expect(cli).toContain(`"${command}"`);
    }
  });

  it('never computes money with floats in the correct project', () => {
    for (const path of ['expenses/store.py', 'expenses/cli.py']) expect(written(path), path).not.toMatch(/\bfloat\(/);
    expect(floatBuggyStore).toMatch(/\bfloat\(/);
  });

  it('QA’s test names are the test functions of its file', () => {
    const suite = testSuiteSchema.parse(testSuite);
    expect(suite.plan.cases.map((c) => c.test)).toEqual(expenseAcceptanceTests);
    for (const name of expenseAcceptanceTests) expect(suite.files[0]!.content).toContain(`def ${name}(`);
  });
});

describe('the float bug of T2 and its repair', () => {
  const request = (content: string): FakeChatRequest => ({ api: 'openai', model: 'm', system: '', messages: [{ role: 'user', content }], stream: false, headers: {}, body: {}, bodyHash: '', index: 0 });
  const answer = async (override: ((req: FakeChatRequest) => unknown) | undefined, content = ''): Promise<unknown> =>
    JSON.parse(((await override?.(request(content))) as { content: string }).content);

  it('changes one line of the store, and the fix round’s edit restores it exactly', async () => {
    const correct = written(EXPENSE_STORE);
    expect(floatBuggyStore.split('\n').filter((line, i) => line !== correct.split('\n')[i])).toEqual([floatRepairEdit.search]);
    const fix = codeFixSchema.parse(await answer(floatFixingEngineer['fix:1']));
    expect(fix.edits).toEqual([floatRepairEdit]);
    expect(applyEdits(fix.edits ?? [], (path) => (path === EXPENSE_STORE ? floatBuggyStore : undefined))).toEqual({ contents: new Map([[EXPENSE_STORE, correct]]), problems: [] });
  });

  it('has a reviewer who catches it at its line in round 1 and approves the revision', async () => {
    const round1 = reviewSchema.parse(await answer(pickyExpenseReviewer.review_T2, '# Your task: review round 1 of task T2'));
    expect(round1).toEqual(reviewThatCatchesTheFloat);
    expect(reviewProblems(round1, new Map([[EXPENSE_STORE, floatBuggyStore]]))).toEqual([]);
    expect(floatBuggyStore.split('\n')[round1.comments[0]!.line! - 1]).toBe(floatRepairEdit.search);
    expect(reviewSchema.parse(await answer(pickyExpenseReviewer.review_T2, '# Your task: review round 2 of task T2')).verdict).toBe('approve');
    expect(codeChangeSchema.parse(await answer(pickyExpenseReviewer['T2:rework']))).toMatchObject({ files: [], edits: [floatRepairEdit] });
  });
});

/** A fresh folder holding the engineers' and QA's files, with the store replaced when `store` is given. */
function writeProject(prefix: string, store?: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const change of [...Object.values(tasks), testSuite]) {
    for (const file of change.files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.path === EXPENSE_STORE && store !== undefined ? store : file.content);
    }
  }
  return dir;
}

/** Runs a command the way QA does: `sh -c`, in the project, with the sandbox's scrubbed environment and no bytecode written. */
async function inProject(dir: string, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = buildSandboxEnv({ home: dir, tmpdir: tmpdir(), extra: { PYTHONDONTWRITEBYTECODE: '1' } });
  try {
    const { stdout, stderr } = await run('sh', ['-c', command], { cwd: dir, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the Python project the scenario writes', () => {
  let projectDir = '';
  beforeAll(() => {
    projectDir = writeProject('atelier-expenses-');
  });
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  it('passes its own tests and QA’s acceptance tests with the design’s test command, as QA would read them', { timeout: 60_000 }, async () => {
    const result = await inProject(projectDir, design.commands.test);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output.slice(-2_000)).toBe(0);
    expect(output).toMatch(/^\d+ passed in [\d.]+s$/m);
    const engineers = parseTestTotals((await inProject(projectDir, 'python3 -m pytest -q tests/test_store.py tests/test_cli.py')).stdout);
    expect(engineers).toEqual({ passed: ENGINEER_TEST_CASES, failed: 0, skipped: 0 });
    const totals = parseTestTotals(output);
    expect(totals?.failed).toBe(0);
    expect(totals?.passed).toBeGreaterThan(ENGINEER_TEST_CASES + expenseAcceptanceTests.length);
  });

  it('runs with the design’s run command without a data file and leaves no file behind', async () => {
    const before = readdirSync(projectDir).sort();
    expect(await inProject(projectDir, design.commands.run!)).toEqual({ code: 0, stdout: 'No expenses yet.\n', stderr: '' });
    expect(readdirSync(projectDir).sort()).toEqual(before);
  });

  it('records expenses and totals them exactly to the cent, end to end', async () => {
    const cli = 'python3 -m expenses';
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-expenses-data-'));
    try {
      const file = join(dataDir, 'home.csv');
      const added = await inProject(projectDir, `EXPENSES_FILE=${file} ${cli} add 19.99 Food --note 'bread, butter' --date 2024-05-01 && EXPENSES_FILE=${file} ${cli} add 0.01 food --date 2024-05-02`);
      expect(added).toEqual({ code: 0, stdout: 'Added 19.99 to food on 2024-05-01\nAdded 0.01 to food on 2024-05-02\n', stderr: '' });
      expect((await inProject(projectDir, `EXPENSES_FILE=${file} ${cli} total --by-category`)).stdout).toBe('food: 20.00\nTotal: 20.00\n');
      expect(readFileSync(file, 'utf8')).toBe('date,category,amount,note\r\n2024-05-01,food,19.99,"bread, butter"\r\n2024-05-02,food,0.01,\r\n');
      expect(await inProject(projectDir, `EXPENSES_FILE=${file} ${cli} add ten food`)).toEqual({ code: 1, stdout: '', stderr: "expenses: amount must be a number like 12.50, not 'ten'\n" });
      expect((await inProject(projectDir, `${cli} spend`)).code).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails the engineers’ and QA’s tests when T2 writes the float bug', { timeout: 60_000 }, async () => {
    const buggyDir = writeProject('atelier-expenses-buggy-', floatBuggyStore);
    try {
      const result = await inProject(buggyDir, design.commands.test);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code).toBe(1);
      expect(parseTestTotals(output)?.failed).toBeGreaterThanOrEqual(5);
      const failing = parseTestFailures(output).map((failure) => failure.name);
      expect(failing).toContain('tests/test_store.py::test_parse_amount_gives_exact_cents[19.99-1999]');
      expect(failing).toContain('tests/test_acceptance.py::test_story_totals_are_exact_to_the_cent_overall_and_by_category');
    } finally {
      rmSync(buggyDir, { recursive: true, force: true });
    }
  });
});
