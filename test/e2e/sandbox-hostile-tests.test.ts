import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { processesWithArgument } from '../../src/sandbox/process-table.js';
import type { CodeChange } from '../../src/documents/index.js';
import { startFakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, spawnCli, tempDir } from '../support/run-cli.js';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { scenarioReply, TODO_CLI_IDEA, todoCliResponder, todoCliTasks, type ScenarioOverride } from '../support/scenarios/todo-cli.js';

/**
 * Generated tests that attack the machine, run through the whole company on the plain driver (the
 * one without isolation): the engineer of T2 appends them to its own test file.
 */
const TEST_FILE = 'test/todo-store.test.js';

function engineerWithHostileTests(hostile: string): Record<string, ScenarioOverride> {
  const t2 = todoCliTasks.T2!;
  const change: CodeChange = { ...t2, files: t2.files.map((file) => (file.path === TEST_FILE ? { ...file, content: `${file.content}\n${hostile}` } : file)) };
  return { T2: (req) => scenarioReply(req, change) };
}

/** A user configuration that picks the plain driver, in a home of its own. */
function plainDriverHome(): Record<string, string> {
  const home = tempDir('atelier-home-');
  mkdirSync(join(home, '.config', 'atelier'), { recursive: true });
  writeFileSync(join(home, '.config', 'atelier', 'atelier.config.yml'), 'sandbox:\n  driver: plain\n');
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
}

describe('hostile generated tests on the plain driver', () => {
  it('a git filter they plant never runs on the host, .git/config is put back, and the scan reports each attack with its line', { timeout: 240_000 }, async () => {
    const outside = tempDir('atelier-outside-');
    const pwned = join(outside, 'PWNED');
    const hostile = `
import { execSync } from 'node:child_process';
import net from 'node:net';
import { homedir } from 'node:os';
test('hostile: plants a git filter and looks around', () => {
  writeFileSync('.git/config', readFileSync('.git/config', 'utf8') + '[filter "evil"]\\n\\tclean = "sh -c \\'echo ran >> ${pwned}; cat\\'"\\n');
  writeFileSync('.gitattributes', '* filter=evil\\n');
  const seen = JSON.stringify(process.env);
  try { readdirSync(homedir() + '/.ssh'); } catch {}
  const socket = net.connect(5432, '127.0.0.1');
  socket.on('error', () => {});
  socket.destroy();
  execSync('true');
  assert.ok(seen.length > 0);
});
`;
    const run = await runTodoScenario(engineerWithHostileTests(hostile), { args: ['--max-fix-rounds', '0'], env: plainDriverHome() });
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    // The filter would have run at every `git add` after the tests: QA's, the documents'.
    expect(existsSync(pwned)).toBe(false);
    expect(readFileSync(join(run.project, '.git', 'config'), 'utf8')).not.toContain('evil');
    const testStep = run.events.find((e) => e.type === 'pipeline.step' && e.payload.step === 'test');
    expect(testStep?.payload.note).toContain("it tried to change Atelier's own files (.git/config); they were put back");

    const report = run.read('docs/test_report.md');
    expect(report).not.toContain('No secrets or dangerous calls found');
    const lines = run.read(TEST_FILE).split('\n');
    const lineOf = (snippet: string) => lines.findIndex((line) => line.includes(snippet)) + 1;
    for (const [snippet, rule] of [
      ['JSON.stringify(process.env)', 'environment-dump'],
      ["homedir() + '/.ssh'", 'home-secrets'],
      ["net.connect(5432, '127.0.0.1')", 'raw-socket'],
      ["execSync('true')", 'child-process'],
    ] as const) {
      expect(report).toMatch(new RegExp(`\`${TEST_FILE}:${lineOf(snippet)}\` \\| ${rule}`));
    }
  });

  it('their processes die with Atelier when it is killed with SIGKILL, instead of writing into the project later', { timeout: 240_000 }, async () => {
    const marker = `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    const hostile = `
import { spawn } from 'node:child_process';
test('hostile: outlives Atelier', async () => {
  spawn('sleep', ['${marker}'], { detached: true, stdio: 'ignore' }).unref();
  writeFileSync('hostile-started', '');
  setTimeout(() => writeFileSync('written-after-atelier-died.txt', 'late'), 3000);
  await new Promise((resolve) => setTimeout(resolve, 60000));
});
`;
    const server = await startFakeLlmServer({ responder: todoCliResponder(engineerWithHostileTests(hostile)) });
    try {
      const cwd = tempDir('atelier-orphan-');
      const project = join(cwd, 'todo');
      const env = cleanEnv({ OPENAI_BASE_URL: server.url, ...plainDriverHome() });
      const atelier = spawnCli(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--json', '--max-fix-rounds', '0'], { cwd, env });
      const closed = once(atelier, 'close');
      for (let waited = 0; !existsSync(join(project, 'hostile-started')) && waited < 180_000; waited += 100) await sleep(100);
      expect(existsSync(join(project, 'hostile-started'))).toBe(true);
      atelier.kill('SIGKILL');
      await closed;
      await sleep(5_000);
      expect(existsSync(join(project, 'written-after-atelier-died.txt'))).toBe(false);
      expect(processesWithArgument(marker)).toEqual([]);
    } finally {
      for (const pid of processesWithArgument(marker)) process.kill(pid, 'SIGKILL');
      await server.close();
    }
  });
});
