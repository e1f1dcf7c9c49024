import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir, type CliResult } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { userConfigDir } from './config-support.js';

const DOC = fileURLToPath(new URL('../../docs/tutorial.md', import.meta.url));

type DocStep = { kind: 'atelier'; args: string[]; text: string } | { kind: 'export'; name: string; value: string };

interface DocPart {
  title: string;
  steps: DocStep[];
}

/** Shell words of one command line: plain words, "double" and 'single' quoted ones; a # word starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (match[3]?.startsWith('#')) break;
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

/** The page's `## ` parts, each with the commands of its ```sh blocks in order. */
function docParts(markdown: string): DocPart[] {
  const parts: DocPart[] = [];
  let inShell = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) parts.push({ title: line.slice(3).trim(), steps: [] });
    if (line.startsWith('```')) {
      inShell = !inShell && line.trim() === '```sh';
      continue;
    }
    const text = line.trim();
    if (!inShell || text === '' || text.startsWith('#')) continue;
    const part = parts.at(-1);
    if (!part) throw new Error('docs/tutorial.md: a command before the first ## heading');
    if (text.startsWith('export ')) {
      const [name = '', value = ''] = text.slice('export '.length).split('=');
      part.steps.push({ kind: 'export', name, value });
    } else if (text.startsWith('atelier ')) part.steps.push({ kind: 'atelier', args: shellWords(text).slice(1), text });
    else throw new Error(`docs/tutorial.md: a shell line this test does not know how to run: ${text}`);
  }
  return parts.filter((part) => part.steps.length > 0);
}

const parts = docParts(readFileSync(DOC, 'utf8'));

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer({ responder: todoCliResponder() });
});
afterAll(async () => {
  await server.close();
});

/** A reader's folder and shell, as the part starts: an empty folder, a fresh HOME. */
interface Reader {
  cwd: string;
  env: Record<string, string>;
  lastRunId?: string;
}

/** The page's exports, pointed at the fake server: the reader's URLs are theirs, the test's is this one. */
function applyExport(reader: Reader, name: string, value: string): void {
  if (name === 'OPENAI_BASE_URL') {
    reader.env = { ...reader.env, OPENAI_BASE_URL: server.url };
  } else if (name === 'OPENROUTER_API_KEY') {
    // OpenRouter's own URL is built in; the user configuration moves it to the fake server, unseen by the page.
    const dir = userConfigDir(reader.env);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  openrouter:\n    base_url: ${server.url}\n`);
    reader.env = { ...reader.env, OPENROUTER_API_KEY: value };
  } else {
    throw new Error(`docs/tutorial.md: an export this test does not know: ${name}`);
  }
}

describe('docs/tutorial.md', () => {
  it('has the parts a new user needs: offline, OpenRouter, a local Ollama model', () => {
    expect(parts.map((part) => part.title)).toEqual(['1. Watch the company work, offline', '2. Your first app with OpenRouter', '3. Your first app with a local model (Ollama)']);
  });

  for (const part of parts) {
    it(`runs every command of "${part.title}", in order, as written`, async () => {
      const reader: Reader = { cwd: tempDir(), env: cleanEnv() };
      for (const step of part.steps) {
        if (step.kind === 'export') {
          applyExport(reader, step.name, step.value);
          continue;
        }
        const args = step.args.map((arg) => (arg === 'RUN_ID' ? (reader.lastRunId ?? 'RUN_ID') : arg));
        const result = await runCli(args, { cwd: reader.cwd, env: reader.env });
        expect(result.code, `${step.text}\n${result.stdout}\n${result.stderr}`).toBe(0);
        checkOutput(args, result, reader);
      }
    });
  }
});

/** What the page says each command prints or writes. */
function checkOutput(args: string[], result: CliResult, reader: Reader): void {
  const [command] = args;
  if (command === 'demo' || command === 'run') {
    const id = /run (r-[0-9a-f]{8}) finished/.exec(result.stdout)?.[1];
    expect(id, result.stdout).toBeDefined();
    reader.lastRunId = id;
    const project = args.includes('--project') ? join(reader.cwd, args[args.indexOf('--project') + 1] ?? '') : onlyProject(reader.cwd);
    for (const doc of ['prd.md', 'system_design.md', 'task_plan.md', 'test_report.md', 'user_docs.md']) expect(existsSync(join(project, 'docs', doc)), doc).toBe(true);
    expect(result.stdout).toMatch(/tests: pass/);
  }
  if (command === 'models') {
    expect(result.stdout).toContain('configured providers: openrouter (key from OPENROUTER_API_KEY)');
    expect(result.stdout).toMatch(/^code_generation: .*\n {2}primary openrouter:\S+ \(#1 in the code_generation preference list/m);
  }
  if (command === 'runs') expect(result.stdout).toMatch(new RegExp(`^${reader.lastRunId ?? 'r-'}\\s.*succeeded`, 'm'));
  if (command === 'cost') expect(result.stdout).toMatch(/^total \$\d/m);
  if (command === 'show') expect(result.stdout).toContain(reader.lastRunId ?? 'no run');
}

function onlyProject(cwd: string): string {
  const workspace = join(cwd, 'workspace');
  const projects = existsSync(workspace) ? readdirSync(workspace) : [];
  expect(projects).toHaveLength(1);
  return join(workspace, projects[0] ?? '');
}
