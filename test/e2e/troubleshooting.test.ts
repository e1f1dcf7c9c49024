import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer, type FakeResponder } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, spawnCli, tempDir, type CliResult } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';
import { userConfigDir } from './config-support.js';
import { closedPort } from '../support/closed-port.js';

const DOC = fileURLToPath(new URL('../../docs/troubleshooting.md', import.meta.url));

/** Each `### ` entry of the page and the ```text blocks under it: what the CLI prints, `…` where it varies. */
function documentedErrors(markdown: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let title: string | undefined;
  let block: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        if (title) entries.get(title)?.push(block.join('\n'));
        block = undefined;
      } else block.push(line);
    } else if (line.startsWith('### ')) {
      title = line.slice(4).trim();
      entries.set(title, []);
    } else if (line.trim() === '```text') block = [];
    else if (line.startsWith('## ')) title = undefined;
  }
  return entries;
}

/** The quote as a pattern: `…` matches anything (within the output, across lines), the rest is literal. */
function quotePattern(quote: string): RegExp {
  return new RegExp(quote.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?'));
}

const PRD_ONLY = 'name: PRD only\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';
const USES_CRITIC = 'name: Critique\nstages:\n  - task: critique\n    role: critic\n    input: user_idea\n    output: critique\n';
const BROKEN_ROLE = 'name: Critic\ndescription: criticises\nsystem_prompt: [You criticise\n';
const PRICED_MODEL = { id: 'scripted', context_length: 200_000, pricing: { prompt: '0.000001', completion: '0.000002' }, top_provider: { max_completion_tokens: 4_096 } };

let server: FakeLlmServer;
let priced: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer({ responder: todoCliResponder() });
  priced = await startFakeLlmServer({ responder: todoCliResponder(), models: [PRICED_MODEL] });
});
afterAll(async () => {
  await server.close();
  await priced.close();
});

interface Reader {
  cwd: string;
  env: Record<string, string>;
}

/** An empty folder holding a one-stage workflow, and a fresh HOME whose model is the fake server. */
function fresh(extraEnv: Record<string, string> = {}): Reader {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
  return { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url, ...extraEnv }) };
}

function brokenCritic(reader: Reader): void {
  const roles = join(userConfigDir(reader.env), 'roles');
  mkdirSync(roles, { recursive: true });
  writeFileSync(join(roles, 'critic.yml'), BROKEN_ROLE);
}

/** A run of the one-stage workflow, answered by `responder`. */
async function runAnswered(responder: FakeResponder, extra: string[] = []): Promise<CliResult> {
  server.setResponder(responder);
  const { cwd, env } = fresh();
  return runCli(['run', '--idea', 'a todo app', '--workflow', 'prd-only.yml', '--model', 'llama3.1', '--project', 'todo', ...extra], { cwd, env });
}

/** The same, in a folder of the caller's, so the test can reach into the project afterwards. */
async function runAnsweredIn(reader: Reader, responder: FakeResponder): Promise<CliResult> {
  server.setResponder(responder);
  return runCli(['run', '--idea', 'a todo app', '--workflow', 'prd-only.yml', '--model', 'llama3.1', '--project', 'todo'], reader);
}

const failWith = (status: number): FakeResponder => () => ({ kind: 'error', status, headers: { 'retry-after': '0' } });

/** How to meet each documented error through the CLI, and the exit code that comes with it. */
const TRIGGERS: Record<string, { exit: number; meet: () => Promise<CliResult> }> = {
  'No model is configured': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app'], { cwd: tempDir(), env: cleanEnv() }) },
  'Nothing answers at the endpoint': {
    exit: 2,
    meet: async () => runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1'], { cwd: tempDir(), env: cleanEnv({ OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` }) }),
  },
  'The endpoint is not an http(s) URL': {
    exit: 2,
    meet: async () => runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1'], { cwd: tempDir(), env: cleanEnv({ OPENAI_BASE_URL: 'localhost:11434' }) }),
  },
  'The endpoint lists no model': {
    exit: 2,
    meet: async () => {
      const empty = await startFakeLlmServer({ models: [], tags: [] });
      try {
        return await runCli(['run', '--idea', 'a todo app'], { cwd: tempDir(), env: cleanEnv({ OPENAI_BASE_URL: empty.url }) });
      } finally {
        await empty.close();
      }
    },
  },
  'The idea is too long': {
    exit: 2,
    meet: async () => {
      const reader = fresh();
      writeFileSync(join(reader.cwd, 'idea.md'), 'a todo app. '.repeat(20_000));
      return runCli(['run', '--idea-file', 'idea.md', '--model', 'llama3.1'], reader);
    },
  },
  'Not a place for a project': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--project', '/'], fresh()) },
  'The idea is empty': { exit: 2, meet: async () => runCli(['run', '--idea', '', '--model', 'llama3.1'], fresh()) },
  'A flag has a value it cannot take': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app', '--concurrency', '0'], fresh()) },
  'Unknown workflow': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'securty_focused'], fresh()) },
  'Unknown template': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--template', 'restapi'], fresh()) },
  'A configuration file has a problem': {
    exit: 2,
    meet: async () => {
      const reader = fresh();
      writeFileSync(join(reader.cwd, 'my-workflow.yml'), PRD_ONLY.replace('role: product_manager', 'role: prodct_manager'));
      return runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'my-workflow.yml'], reader);
    },
  },
  'A role the workflow uses does not load': {
    exit: 2,
    meet: async () => {
      const reader = fresh();
      brokenCritic(reader);
      writeFileSync(join(reader.cwd, 'uses-critic.yml'), USES_CRITIC);
      return runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'uses-critic.yml'], reader);
    },
  },
  'A broken role no stage uses (a warning; the run goes on)': {
    exit: 0,
    meet: async () => {
      server.setResponder(todoCliResponder());
      const reader = fresh();
      brokenCritic(reader);
      return runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'prd-only.yml'], reader);
    },
  },
  'A role or workflow of that id already exists': {
    exit: 2,
    meet: async () => {
      const reader = fresh();
      const create = ['role', 'create', 'auditor', '--prompt', 'You audit.'];
      expect((await runCli(create, reader)).code).toBe(0);
      return runCli(create, reader);
    },
  },
  'A recording that does not exist': { exit: 2, meet: async () => runCli(['run', '--idea', 'a todo app', '--workflow', 'prd-only.yml', '--replay', 'missing.json'], fresh()) },
  'The API key was refused (HTTP 401)': { exit: 1, meet: async () => runAnswered(failWith(401)) },
  'The model or endpoint was not found (HTTP 404)': { exit: 1, meet: async () => runAnswered(failWith(404)) },
  'Rate limit reached (HTTP 429)': { exit: 1, meet: async () => runAnswered(failWith(429)) },
  "The model's answers never fit the document": { exit: 1, meet: async () => runAnswered(() => ({ kind: 'text', content: '{"title": "not a PRD"}' })) },
  'Budget reached': {
    exit: 1,
    meet: async () => {
      const reader = { cwd: tempDir(), env: cleanEnv() };
      writeFileSync(join(reader.cwd, 'prd-only.yml'), PRD_ONLY);
      const dir = userConfigDir(reader.env);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  fake:\n    type: openai-compatible\n    base_url: ${priced.url}\nmodels:\n  default: scripted\n`);
      return runCli(['run', '--idea', 'a todo app', '--workflow', 'prd-only.yml', '--budget', '0.0001'], reader);
    },
  },
  'The budget cannot bound a model (a warning)': { exit: 0, meet: async () => runAnswered(todoCliResponder(), ['--budget', '1']) },
  'No such run': { exit: 2, meet: async () => runCli(['resume', 'r-00000000'], fresh()) },
  'No project folder there': { exit: 2, meet: async () => runCli(['runs', '--project', 'nope'], fresh()) },
  'The run already finished': {
    exit: 2,
    meet: async () => {
      server.setResponder(todoCliResponder());
      const reader = fresh();
      const done = await runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'prd-only.yml', '--project', 'todo'], reader);
      const id = /run (r-[0-9a-f]{8}) finished/.exec(done.stdout)?.[1];
      expect(id, done.stdout).toBeDefined();
      return runCli(['resume', id ?? '', '--project', 'todo'], reader);
    },
  },
  'A kept endpoint is not used again on its own': {
    exit: 2,
    meet: async () => {
      server.setResponder(failWith(401));
      const reader = { cwd: tempDir(), env: cleanEnv() };
      writeFileSync(join(reader.cwd, 'prd-only.yml'), PRD_ONLY);
      const failed = await runCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'prd-only.yml', '--base-url', server.url, '--project', 'kept'], reader);
      const id = /r-[0-9a-f]{8}/.exec(failed.stdout)?.[0];
      expect(id, failed.stdout).toBeDefined();
      return runCli(['resume', id ?? '', '--project', 'kept'], reader);
    },
  },
  "The run's event log cannot be read": {
    exit: 2,
    meet: async () => {
      const reader = fresh();
      const failed = await runAnsweredIn(reader, failWith(401));
      const id = /r-[0-9a-f]{8}/.exec(failed.stdout)?.[0];
      const db = new Database(join(reader.cwd, 'todo', '.atelier', 'atelier.db'));
      db.prepare("UPDATE events SET payload_json = '{}' WHERE type = 'stage.started'").run();
      db.close();
      return runCli(['resume', id ?? '', '--project', 'todo'], reader);
    },
  },
  'Someone is already running it': {
    exit: 2,
    meet: async () => {
      server.setResponder(() => ({ kind: 'hang' }));
      const reader = fresh();
      const first = spawnCli(['run', '--idea', 'a todo app', '--model', 'llama3.1', '--workflow', 'prd-only.yml', '--project', 'busy'], reader);
      try {
        // The first run is asking the model (which never answers) once its stage has started.
        await new Promise<void>((resolve) => first.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('write_prd started') && resolve()));
        const runs = await runCli(['runs', '--project', 'busy'], reader);
        const id = /r-[0-9a-f]{8}/.exec(runs.stdout)?.[0];
        expect(id, runs.stdout).toBeDefined();
        return await runCli(['resume', id ?? '', '--project', 'busy'], reader);
      } finally {
        first.kill('SIGKILL');
      }
    },
  },
};

describe('docs/troubleshooting.md', () => {
  const documented = documentedErrors(readFileSync(DOC, 'utf8'));

  it('documents exactly the errors this test makes happen, each with the message it prints', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(TRIGGERS).sort());
    for (const [title, quotes] of documented) expect(quotes.length, title).toBeGreaterThan(0);
  });

  for (const [title, trigger] of Object.entries(TRIGGERS)) {
    it(`"${title}": the CLI prints what the page quotes`, async () => {
      const result = await trigger.meet();
      const output = `${result.stdout}${result.stderr}`;
      expect(result.code, output).toBe(trigger.exit);
      for (const quote of documented.get(title) ?? []) expect(output).toMatch(quotePattern(quote));
    });
  }
});
