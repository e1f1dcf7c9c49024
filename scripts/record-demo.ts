/**
 * Records the demo cassettes through the real pipeline: for each demo, the built `atelier` CLI
 * runs the standard workflow with `--record` against the fake OpenAI-compatible server, which
 * answers from that demo's scripted scenario (test/support/scenarios/). Then writes
 * examples/demo/demos.json, the list `atelier demo` reads. Re-run after changing prompts, roles,
 * the standard workflow or a scenario: `npm run demo:record` (all demos) or
 * `npm run demo:record -- expenses` (one).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeLlmServer } from '../test/support/fake-llm-server.js';
import { scenarioResponder, type ScriptedScenario } from '../test/support/scenarios/scripted-scenario.js';
import { bookmarksApiScenario } from '../test/support/scenarios/bookmarks-api.js';
import { userNpmCache } from '../test/support/scenarios/bookmarks-api-offline.js';
import { expenseTrackerScenario } from '../test/support/scenarios/expense-tracker.js';
import { webGameScenario } from '../test/support/scenarios/web-game.js';
import { todoCliScenario } from '../test/support/scenarios/todo-cli.js';

interface DemoRecipe {
  scenario: ScriptedScenario;
  title: string;
  cassette: string;
  needs: { program: string; pythonModule?: string }[];
  try: string[];
}

/** Every demo, the default first. */
const DEMOS: DemoRecipe[] = [
  {
    scenario: todoCliScenario,
    title: 'a JavaScript todo CLI (node:test, no dependencies)',
    cassette: 'todo-cli.cassette.json',
    needs: [],
    try: ['node src/cli.js add "buy milk"', 'node src/cli.js list', 'node src/cli.js done 1', 'node --test'],
  },
  {
    scenario: expenseTrackerScenario,
    title: 'a Python expense tracker (CSV file, pyproject.toml, pytest)',
    cassette: 'expenses.cassette.json',
    needs: [{ program: 'python3', pythonModule: 'pytest' }],
    try: ['python3 -m expenses add 12.50 food --note lunch', 'python3 -m expenses total --by-category', 'python3 -m pytest -q'],
  },
  {
    scenario: bookmarksApiScenario,
    title: 'a TypeScript bookmarks REST API (node:http, npm dependencies, tsc, vitest)',
    cassette: 'bookmarks.cassette.json',
    needs: [{ program: 'npm' }],
    try: ['npm start   # then: curl localhost:3000/health', 'npm run smoke', 'npm test'],
  },
  {
    scenario: webGameScenario,
    title: 'a browser tic-tac-toe game (plain HTML, CSS and ES modules; QA opens it in Chromium when present)',
    cassette: 'game.cassette.json',
    needs: [],
    try: ['python3 -m http.server 8000   # then open http://localhost:8000', 'node --test'],
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const demoDir = join(root, 'examples', 'demo');
const asked = process.argv.slice(2);
const npmCache = userNpmCache();
const unknown = asked.filter((name) => !DEMOS.some((demo) => demo.scenario.name === name));
if (unknown.length > 0) throw new Error(`no demo named ${unknown.join(', ')}; the demos are ${DEMOS.map((demo) => demo.scenario.name).join(', ')}`);

async function record(demo: DemoRecipe): Promise<number> {
  const cassette = join(demoDir, demo.cassette);
  const server = await startFakeLlmServer({ responder: scenarioResponder(demo.scenario) });
  const work = mkdtempSync(join(tmpdir(), 'atelier-record-'));
  try {
    rmSync(cassette, { force: true });
    // Asynchronous on purpose: the fake server answers from this process's event loop.
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'atelier.js'), 'run', '--idea', demo.scenario.idea, '--parallel', '--project', join(work, demo.scenario.name), '--model', `scripted-${demo.scenario.name}`, '--record', cassette],
      // The npm installs of QA come from the npm cache this repository's own `npm ci` filled, offline.
      { cwd: work, stdio: 'inherit', env: { PATH: process.env.PATH ?? '', HOME: work, OPENAI_BASE_URL: server.url, NO_COLOR: '1', ...(npmCache ? { ATELIER_OFFLINE_NPM_CACHE: npmCache } : {}) } },
    );
    const [status] = (await once(child, 'close')) as [number | null];
    if (status !== 0) throw new Error(`the recording run of the ${demo.scenario.name} demo failed (exit ${status ?? 'none'})`);
    return server.requests.length;
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

for (const demo of DEMOS.filter((d) => asked.length === 0 || asked.includes(d.scenario.name))) {
  const exchanges = await record(demo);
  console.log(`\nrecorded ${exchanges} model exchanges of the ${demo.scenario.name} demo to examples/demo/${demo.cassette}`);
}

const index = {
  default: DEMOS[0]!.scenario.name,
  demos: DEMOS.map((demo) => ({
    name: demo.scenario.name,
    title: demo.title,
    idea: demo.scenario.idea,
    workflow: 'standard',
    cassette: demo.cassette,
    needs: demo.needs,
    try: demo.try,
  })),
};
const missing = index.demos.filter((demo) => !existsSync(join(demoDir, demo.cassette))).map((demo) => demo.name);
if (missing.length > 0) throw new Error(`no cassette yet for ${missing.join(', ')}: run \`npm run demo:record -- ${missing.join(' ')}\``);
const indexFile = join(demoDir, 'demos.json');
const text = `${JSON.stringify(index, null, 2)}\n`;
if (!existsSync(indexFile) || readFileSync(indexFile, 'utf8') !== text) writeFileSync(indexFile, text);
