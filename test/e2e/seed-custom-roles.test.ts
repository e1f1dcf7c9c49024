import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { copySecurityExamples, securityWorkflowResponder, userConfigDir } from './config-support.js';

const DOC = fileURLToPath(new URL('../../docs/custom-roles.md', import.meta.url));

/** What the page asks the reader to do, in order: run a command, export a variable, or change machine. */
type DocStep =
  | { kind: 'atelier'; args: string[]; text: string }
  | { kind: 'export'; name: string; value: string }
  | { kind: 'another-machine' }
  | { kind: 'from-scratch' };

/** Shell words of one command line: plain words, "double" and 'single' quoted ones; a # word starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    if (match[3]?.startsWith('#')) break;
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

/** The ```sh blocks of the page as steps; the seed's section starts from scratch, as its text says. */
function docSteps(markdown: string): DocStep[] {
  const steps: DocStep[] = [];
  let inShell = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith("## The seed's commands")) steps.push({ kind: 'from-scratch' });
    if (line.startsWith('```')) {
      inShell = !inShell && line.trim() === '```sh';
      continue;
    }
    if (!inShell) continue;
    const joined = `${pending}${line}`;
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1)} `;
      continue;
    }
    pending = '';
    const text = joined.trim();
    if (text === '# on another machine') steps.push({ kind: 'another-machine' });
    else if (text.startsWith('export ')) {
      const [name = '', value = ''] = text.slice('export '.length).split('=');
      steps.push({ kind: 'export', name, value });
    } else if (text.startsWith('atelier ')) steps.push({ kind: 'atelier', args: shellWords(text).slice(1), text });
    else if (text !== '' && !text.startsWith('#')) throw new Error(`docs/custom-roles.md: a shell line this test does not know how to run: ${text}`);
  }
  return steps;
}

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('docs/custom-roles.md', () => {
  it('runs every command on the page, in order, as written', async () => {
    const steps = docSteps(readFileSync(DOC, 'utf8'));
    const ran = steps.filter((step) => step.kind === 'atelier').map((step) => step.args.slice(0, 2).join(' '));
    // The page covers adding a role and a workflow, running and sharing them, and the seed's names.
    for (const command of ['role create', 'workflow create', 'workflow set', 'models recommend', 'run --idea', 'role export', 'role import', 'create-role security_expert', 'list-models --free']) {
      expect(ran, command).toContain(command);
    }

    server = await startFakeLlmServer({ responder: securityWorkflowResponder() });
    const fresh = () => {
      const cwd = tempDir();
      copySecurityExamples(cwd);
      return cwd;
    };
    let cwd = fresh();
    let env = cleanEnv();
    for (const step of steps) {
      if (step.kind === 'another-machine') env = cleanEnv();
      else if (step.kind === 'from-scratch') [cwd, env] = [fresh(), cleanEnv()];
      // The page's server is the reader's; the test's is the fake one.
      else if (step.kind === 'export') env = { ...env, [step.name]: step.name === 'OPENAI_BASE_URL' ? server.url : step.value };
      else {
        const result = await runCli(step.args, { cwd, env });
        expect(result.code, `${step.text}\n${result.stdout}\n${result.stderr}`).toBe(0);
        checkOutput(step.args, result.stdout, { cwd, env });
      }
    }
  });
});

/** What the page says a command prints or writes. */
function checkOutput(args: string[], stdout: string, where: { cwd: string; env: Record<string, string> }): void {
  const command = args.slice(0, 2).join(' ');
  if (command === 'role create' || command === 'create-role security_expert') {
    expect(stdout).toContain(`created role "security_expert" in the user layer: ${join(userConfigDir(where.env), 'roles', 'security_expert.yml')}`);
    expect(stdout).toMatch(/overrides the built-in role "security_expert" \(.*roles\/security_expert\.yml\)/);
  }
  if (command === 'role show') expect(stdout).toMatch(/source: user \(.*\)\noverrides: builtin \(/);
  if (command === 'role list') expect(stdout).toMatch(/security_expert +Security Expert +user +overrides builtin/);
  if (command === 'workflow create') expect(stdout).toContain('overrides the built-in workflow "security_focused"');
  if (command === 'workflow show') expect(stdout).toMatch(/^flowchart/);
  if (command === 'models recommend') {
    expect(stdout).toContain('No provider is configured');
    expect(stdout).toMatch(/primary openrouter:\S+/);
  }
  if (command === 'run --idea') {
    const workspace = join(where.cwd, 'workspace');
    const projects = existsSync(workspace) ? readdirSync(workspace) : [];
    expect(projects).toHaveLength(1);
    const assessment = readFileSync(join(workspace, projects[0] ?? '', 'docs', 'security_assessment.md'), 'utf8');
    for (const heading of ['Executive Summary', 'Threat Model', 'Detailed Findings']) expect(assessment).toMatch(new RegExp(`^#+ ${heading}$`, 'm'));
  }
}
