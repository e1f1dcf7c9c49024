import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFixSchema, testSuiteSchema } from '../../../src/documents/index.js';
import { applyEdits } from '../../../src/roles/apply-edits.js';
import { parseTestFailures, parseTestTotals } from '../../../src/roles/test-output.js';
import { buildSandboxEnv } from '../../../src/sandbox/sandbox-env.js';
import type { FakeChatRequest } from '../fake-llm-types.js';
import { describeScenarioConformance } from './scenario-conformance.js';
import { diagonalBuggyRules, diagonalFixingEngineer, diagonalRepairEdit, missingModuleEntry, missingModuleFixingEngineer, missingModuleRepairEdit, WEB_GAME_ENTRY, WEB_GAME_RULES } from './web-game-bugs.js';
import { webGameAcceptanceTests } from './web-game-qa.js';
import { WEB_GAME_IDEA, webGameScenario } from './web-game.js';

const run = promisify(execFile);
const { documents, tasks, testSuite } = webGameScenario;
const { system_design: design, task_plan: plan, api_spec: apiSpec } = documents;
/** How many tests node --test counts in the engineers' two test files. */
const ENGINEER_TESTS = 23;

describeScenarioConformance(webGameScenario);

/** One file of the engineers' answers. */
const written = (path: string): string => Object.values(tasks).flatMap((change) => change.files).find((file) => file.path === path)?.content ?? '';

describe('web-game scenario documents', () => {
  it('restates the idea exactly and plans a dependency-free page tested with node --test', () => {
    expect(WEB_GAME_IDEA).toBe(
      'A two-player tic-tac-toe game in the browser in plain HTML, CSS and JavaScript with no dependencies: whose turn it is, the winning line highlighted, a score board kept between visits, playable by keyboard, logic tested with node --test',
    );
    // No run command: QA's browser smoke run opens index.html; the README says how to serve it.
    expect(design.commands).toEqual({ test: 'node --test' });
    expect(written('README.md')).toContain('python3 -m http.server 8000 --bind 127.0.0.1');
    expect(plan.required_packages).toEqual([]);
    const manifest = JSON.parse(written('package.json'));
    expect(manifest).toMatchObject({ type: 'module', scripts: { test: 'node --test' } });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('sends the page to the frontend engineer and the rules to the software engineer', () => {
    expect(plan.tasks.map((task) => [task.id, task.type])).toEqual([
      ['T1', undefined],
      ['T2', 'backend'],
      ['T3', 'frontend'],
    ]);
    expect(plan.tasks.find((task) => task.type === 'frontend')?.files).toEqual(['index.html', 'styles.css', 'src/ui.js', 'src/main.js']);
  });

  it('the API spec describes every export of the modules and every element id of the page', () => {
    const documented = apiSpec.interface?.entries.map((entry) => `${entry.name} ${entry.signature}`).join(' ') ?? '';
    for (const path of ['src/game.js', 'src/storage.js', 'src/ui.js']) {
      const exported = [...written(path).matchAll(/^export (?:function|class|const) (\w+)/gm)].map((match) => match[1]!);
      expect(exported.length, path).toBeGreaterThan(0);
      for (const name of exported) expect(documented, `${path} exports ${name}`).toContain(name);
    }
    const page = written('index.html');
    const ids = [...page.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]!).filter((id) => id !== 'scores-title');
    for (const id of ids) expect(documented, `#${id}`).toContain(`#${id}`);
    for (const id of [...written('src/ui.js').matchAll(/: '([a-z-]+)',$/gm)].map((match) => match[1]!)) expect(ids, `ELEMENT_IDS names ${id}`).toContain(id);
  });

  it('writes what the frontend engineer’s prompt asks for: a module entry, local assets, no innerHTML, no inline handlers', () => {
    const page = written('index.html');
    expect(page).toContain('<script type="module" src="./src/main.js"></script>');
    expect(page).toMatch(/<p id="status"[^>]* aria-live="polite"/);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(page).not.toMatch(/\son[a-z]+="/);
    for (const path of design.file_list.filter((file) => file.endsWith('.js'))) {
      expect(written(path), path).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|console\./);
      for (const specifier of written(path).matchAll(/from '([^']+)'/g)) expect(specifier[1], path).toMatch(/^(?:node:|\.\.?\/.*\.js$)/);
    }
  });

  it('QA’s test names are the tests of its file, one per user story', () => {
    const suite = testSuiteSchema.parse(testSuite);
    expect(suite.plan.cases.map((c) => c.test)).toEqual(webGameAcceptanceTests);
    expect(webGameAcceptanceTests).toHaveLength(documents.prd.user_stories.length);
    for (const name of webGameAcceptanceTests) expect(suite.files[0]!.content).toContain(`test('${name}'`);
  });
});

describe('the bugs of T2 and T3 and their repairs', () => {
  const request: FakeChatRequest = { api: 'openai', model: 'm', system: '', messages: [{ role: 'user', content: '' }], stream: false, headers: {}, body: {}, bodyHash: '', index: 0 };

  it('drops one line of the rules, and the fix round’s edit restores it exactly', async () => {
    const correct = written(WEB_GAME_RULES);
    expect(diagonalBuggyRules.split('\n').filter((line, i) => line !== correct.split('\n')[i])).toEqual([diagonalRepairEdit.search]);
    expect(diagonalBuggyRules).not.toContain('[2, 4, 6]');
    const reply = (await diagonalFixingEngineer['fix:1']!(request)) as { content: string };
    const fix = codeFixSchema.parse(JSON.parse(reply.content));
    expect(fix.edits).toEqual([diagonalRepairEdit]);
    expect(applyEdits(fix.edits ?? [], (path) => (path === WEB_GAME_RULES ? diagonalBuggyRules : undefined))).toEqual({ contents: new Map([[WEB_GAME_RULES, correct]]), problems: [] });
  });

  it('T3’s entry module imports a module nobody wrote, and the fix round’s edit points it back at ./ui.js', async () => {
    const correct = written(WEB_GAME_ENTRY);
    expect(missingModuleEntry.split('\n').filter((line, i) => line !== correct.split('\n')[i])).toEqual([missingModuleRepairEdit.search]);
    expect(design.file_list).not.toContain('src/board.js');
    const reply = (await missingModuleFixingEngineer['fix:1']!(request)) as { content: string };
    const fix = codeFixSchema.parse(JSON.parse(reply.content));
    expect(applyEdits(fix.edits ?? [], (path) => (path === WEB_GAME_ENTRY ? missingModuleEntry : undefined))).toEqual({ contents: new Map([[WEB_GAME_ENTRY, correct]]), problems: [] });
  });
});

/** A fresh folder holding the engineers' and QA's files, with the rules replaced when `rules` is given. */
function writeProject(prefix: string, rules?: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const change of [...Object.values(tasks), testSuite]) {
    for (const file of change.files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.path === WEB_GAME_RULES && rules !== undefined ? rules : file.content);
    }
  }
  return dir;
}

/** Runs a command the way QA does: `sh -c`, in the project, with the sandbox's scrubbed environment. */
async function inProject(dir: string, command: string): Promise<{ code: number; output: string }> {
  const env = buildSandboxEnv({ home: dir, tmpdir: tmpdir() });
  try {
    const { stdout, stderr } = await run('sh', ['-c', command], { cwd: dir, env, timeout: 30_000 });
    return { code: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}\n${failed.stderr ?? ''}` };
  }
}

describe('the browser game the scenario writes', () => {
  let projectDir = '';
  beforeAll(() => {
    projectDir = writeProject('atelier-web-game-');
  });
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  it('passes its own tests and QA’s acceptance tests with the design’s test command, without a browser', async () => {
    const result = await inProject(projectDir, design.commands.test);
    expect(result.code, result.output.slice(-2_000)).toBe(0);
    expect(parseTestTotals(result.output)).toEqual({ passed: ENGINEER_TESTS + webGameAcceptanceTests.length, failed: 0, skipped: 0 });
    const passed = [...result.output.matchAll(/^ok \d+ - (.*)$/gm)].map((match) => match[1]);
    expect(passed).toEqual(expect.arrayContaining(webGameAcceptanceTests));
    expect((await inProject(projectDir, 'node --test test/game.test.js test/storage.test.js')).output).toMatch(new RegExp(`^# pass ${ENGINEER_TESTS}$`, 'm'));
  });

  it('fails the engineers’ and QA’s tests when T2 leaves out the diagonal', async () => {
    const buggyDir = writeProject('atelier-web-game-buggy-', diagonalBuggyRules);
    try {
      const result = await inProject(buggyDir, design.commands.test);
      expect(result.code).toBe(1);
      expect(parseTestFailures(result.output).map((failure) => failure.name).sort()).toEqual(
        [
          'three Xs on the diagonal from the top right win',
          'there are eight winning lines: three rows, three columns, two diagonals',
          'a win ends the round, names the line and keeps the winner',
          'story: the winner is announced with the winning line highlighted, and a full board is a draw',
        ].sort(),
      );
    } finally {
      rmSync(buggyDir, { recursive: true, force: true });
    }
  });
});
