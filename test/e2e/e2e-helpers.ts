import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FakeLlmServer } from '../support/fake-llm-server.js';
import type { FakeChatRequest, FakeReply } from '../support/fake-llm-types.js';
import { runCli, spawnCli, type CliResult } from '../support/run-cli.js';
import { todoCliResponder } from '../support/scenarios/todo-cli.js';

export const ALL_STANDARD_DOCUMENTS = ['prd', 'system_design', 'api_spec', 'task_plan', 'source_code', 'review', 'test_report', 'deployment_guide', 'user_docs'];

export function runIdFrom(result: CliResult): string {
  const match = /run (r-[0-9a-f]{8})/.exec(result.stdout);
  if (!match) throw new Error(`no run id in the output:\n${result.stdout}\n${result.stderr}`);
  return match[1]!;
}

export function gitLog(project: string): { author: string; subject: string }[] {
  return execFileSync('git', ['log', '--format=%an|%s'], { cwd: project, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [author, subject] = line.split('|');
      return { author: author ?? '', subject: subject ?? '' };
    });
}

export function docExists(project: string, name: string): boolean {
  return existsSync(join(project, 'docs', `${name}.md`));
}

export function readDoc(project: string, name: string): string {
  return readFileSync(join(project, 'docs', `${name}.md`), 'utf8');
}

const showSchema = z.object({
  run: z.object({ id: z.string(), status: z.string() }),
  stages: z.array(z.object({ stageId: z.string(), status: z.string() })),
  documents: z.array(z.object({ name: z.string(), kind: z.string(), version: z.number(), authorRole: z.string() })),
  modelCalls: z.array(z.object({ source: z.string(), stageId: z.string().nullable() })),
  files: z.array(z.string()),
  commits: z.array(z.object({ sha: z.string(), message: z.string(), author: z.string() })),
});

/** `atelier show RUN --json`, parsed: what the store says about a run. */
export async function showRun(runId: string, cwd: string, env: Record<string, string>, project: string) {
  const result = await runCli(['show', runId, '--project', project, '--json'], { cwd, env });
  if (result.code !== 0) throw new Error(`show failed: ${result.stderr}`);
  return showSchema.parse(JSON.parse(result.stdout));
}

/**
 * Starts the todo run against `server`, hangs the first request `isKillPoint` picks, kills the
 * CLI with SIGKILL at that instant (as a crash would), and returns the run the store left behind.
 * Afterwards the server answers from the scenario again, ready for `atelier resume`.
 */
export async function runUntilKilled(
  server: FakeLlmServer,
  isKillPoint: (req: FakeChatRequest, arrived: number) => boolean,
  options: { cwd: string; env: Record<string, string>; args: string[] },
): Promise<{ runId: string; status: string }> {
  const answer = todoCliResponder();
  let arrived = 0;
  let killPoint!: () => void;
  const reachedKillPoint = new Promise<void>((resolve) => (killPoint = resolve));
  server.setResponder((req): FakeReply | Promise<FakeReply> => {
    if (isKillPoint(req, ++arrived)) {
      killPoint();
      return { kind: 'hang' };
    }
    return answer(req);
  });
  const child = spawnCli(options.args, { cwd: options.cwd, env: options.env });
  await reachedKillPoint;
  child.kill('SIGKILL');
  await once(child, 'close');
  server.setResponder(answer);

  const runs = await runCli(['runs', '--project', 'todo', '--json'], { cwd: options.cwd, env: options.env });
  const [run] = z.array(z.object({ id: z.string(), status: z.string() })).parse(JSON.parse(runs.stdout));
  if (!run) throw new Error(`no run was stored before the kill:\n${runs.stdout}\n${runs.stderr}`);
  return { runId: run.id, status: run.status };
}
