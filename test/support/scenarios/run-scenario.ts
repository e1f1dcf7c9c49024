import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../fake-llm-server.js';
import { cleanEnv, runCli, tempDir, type CliResult } from '../run-cli.js';
import { scenarioRequestName, scenarioResponder, type ScenarioOverride, type ScriptedScenario } from './scripted-scenario.js';
import { todoCliScenario } from './todo-cli.js';

const eventSchema = z.object({ runId: z.string(), type: z.string(), stageId: z.string().nullable(), taskId: z.string().nullable(), payload: z.record(z.string(), z.unknown()) });
export type ScenarioEvent = z.infer<typeof eventSchema>;

export interface ScenarioRun {
  result: CliResult;
  server: FakeLlmServer;
  cwd: string;
  project: string;
  env: Record<string, string>;
  /** The run's events, as `--json` printed them. */
  events: ScenarioEvent[];
  /** The scenario names of the model requests, in the order they arrived (`T2`, `review_T2`, `fix:1`, …). */
  asked: (string | undefined)[];
  runId: string;
  gitLog: { author: string; subject: string }[];
  read: (path: string) => string;
}

export interface ScenarioOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Configure the fake as an endpoint that shows the model its `response_format` schema, as the hosted APIs do. */
  schemaEnforced?: boolean;
}

/**
 * Runs the built CLI on the todo-cli idea (sequentially, `--json`) against the fake server
 * answering with the scenario and `overrides`; the server is closed before this returns.
 */
export async function runTodoScenario(overrides: Record<string, ScenarioOverride>, options: ScenarioOptions = {}): Promise<ScenarioRun> {
  return runScenario(todoCliScenario, overrides, options);
}

/**
 * Runs the built CLI on a scenario's idea (sequentially, `--json`, in the folder named after the
 * scenario) against the fake server answering with the scenario and `overrides`; the server is
 * closed before this returns.
 */
export async function runScenario(scenario: ScriptedScenario, overrides: Record<string, ScenarioOverride>, options: ScenarioOptions = {}): Promise<ScenarioRun> {
  const server = await startFakeLlmServer({ responder: scenarioResponder(scenario, overrides), promptCache: true });
  try {
    const cwd = tempDir('atelier-pipeline-');
    const env = cleanEnv({ OPENAI_BASE_URL: server.url, ...options.env });
    if (options.schemaEnforced) {
      const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  scripted:\n    type: openai-compatible\n    base_url: ${server.url}\n    structured_outputs: enforced\n`);
    }
    const result = await runCli(['run', '--idea', scenario.idea, '--model', 'scripted', '--project', scenario.name, '--json', ...(options.args ?? [])], { cwd, env, timeoutMs: 240_000 });
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => eventSchema.parse(JSON.parse(line)));
    const project = join(cwd, scenario.name);
    const gitLog = execFileSync('git', ['log', '--format=%an|%s'], { cwd: project, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [author = '', subject = ''] = line.split('|');
        return { author, subject };
      });
    return {
      result,
      server,
      cwd,
      project,
      env,
      events,
      asked: server.requests.map((req) => scenarioRequestName(req)),
      runId: events[0]?.runId ?? '',
      gitLog,
      read: (path) => readFileSync(join(project, path), 'utf8'),
    };
  } finally {
    await server.close();
  }
}
