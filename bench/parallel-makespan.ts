import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runDag } from '../src/engine/schedule-dag.js';
import { BudgetGuard } from '../src/llm/budget.js';
import { createLlmClient } from '../src/llm/llm-client.js';
import { ModelRouter } from '../src/llm/model-router.js';
import type { ProviderEndpoint } from '../src/llm/providers.js';
import { RateLimiter } from '../src/llm/rate-limiter.js';
import { parseUsd } from '../src/llm/usd.js';
import { openSqliteStore } from '../src/store/index.js';
import { startFakeLlmServer } from '../test/support/fake-llm-server.js';
import { median } from './stats.js';

export interface BenchTask {
  id: string;
  dependsOn: string[];
  /** How long the fake model takes to answer this task, in ms. */
  durationMs: number;
  /** What the scheduler is told of the task's work: its duration (a plan with perfect estimates, as the plain-fetch peer gets). */
  estimate: number;
}

/** A task plan like a project manager writes: 30 tasks in dependency layers, with a fixed seed so runs compare. */
export function taskPlan(count = 30, seed = 7): BenchTask[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const tasks: BenchTask[] = [];
  for (let i = 0; i < count; i++) {
    const dependsOn = new Set<string>();
    if (i >= 4) {
      const links = Math.floor(random() * 3);
      for (let l = 0; l < links; l++) dependsOn.add(`T${Math.floor(random() * i)}`);
    }
    const durationMs = 100 + Math.floor(random() * 200);
    tasks.push({ id: `T${i}`, dependsOn: [...dependsOn], durationMs, estimate: durationMs });
  }
  return tasks;
}

/** The longest chain of durations through the dependencies. */
export function criticalPath(tasks: readonly BenchTask[]): number {
  const finish = new Map<string, number>();
  for (const task of tasks) finish.set(task.id, task.durationMs + Math.max(0, ...task.dependsOn.map((dep) => finish.get(dep) ?? 0)));
  return Math.max(...finish.values());
}

export interface MakespanResult {
  tasks: number;
  concurrency: number;
  criticalPathMs: number;
  workMs: number;
  lowerBoundMs: number;
  /** The same DAG scheduled by runDag with a plain timer per task: what scheduling alone achieves. */
  scheduleOnlyMs: number;
  measuredMs: number;
}

const schema = z.object({ done: z.boolean() });

/**
 * A 30-task plan executed through the engine's `runDag` with every task one structured call
 * through the model layer (router, rate limiter, budget, SQLite cache and ledger) to the fake
 * server, which takes each task's duration to answer. Compared with the lower bound
 * max(critical path, total work / concurrency).
 */
export async function measureMakespan(concurrency = 6): Promise<MakespanResult> {
  const tasks = taskPlan();
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const workMs = tasks.reduce((sum, task) => sum + task.durationMs, 0);
  const criticalPathMs = criticalPath(tasks);
  const lowerBoundMs = Math.max(criticalPathMs, workMs / concurrency);

  let started = performance.now();
  await runDag(tasks, { concurrency, isDone: () => false, run: (task) => new Promise((resolve) => setTimeout(resolve, task.durationMs)) });
  const scheduleOnlyMs = performance.now() - started;

  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-'));
  const store = await openSqliteStore(join(dir, 'bench.db'));
  const server = await startFakeLlmServer({
    responder: (req) => {
      const id = /task (T\d+)/.exec(req.messages[0]?.content ?? '')?.[1] ?? '';
      return { kind: 'text', content: '{"done":true}', usage: { inputTokens: 500, outputTokens: 5 }, delayMs: byId.get(id)?.durationMs ?? 0 };
    },
  });
  try {
    await store.upsertProject({ id: 'bench', name: 'bench', root: dir });
    await store.createRun({ id: 'bench-dag', projectId: 'bench', idea: 'bench', workflowId: 'bench', status: 'running', plan: {}, error: null });
    const provider: ProviderEndpoint = { name: 'fake', type: 'openai-compatible', baseUrl: server.url, structuredOutputs: false, schemaEnforced: false, modelRateLimits: {}, rateLimit: { concurrency } };
    const llm = createLlmClient({
      router: new ModelRouter({ providers: [provider], candidates: [], pins: { cli: 'fake:coder' } }),
      store,
      rateLimiter: new RateLimiter(),
      budget: new BudgetGuard(parseUsd('100'), (runId) => store.listModelCalls(runId)),
    });
    started = performance.now();
    const { failures } = await runDag(tasks, {
      concurrency,
      isDone: () => false,
      run: async (task) => {
        await llm.generateStructured({
          context: { runId: 'bench-dag', stageId: 'implement', taskId: task.id, role: 'engineer', label: `task ${task.id}` },
          system: 'You are the engineer.',
          messages: [{ role: 'user', content: `Implement task ${task.id}.` }],
          schema,
          schemaName: 'code_change',
        });
      },
    });
    const measuredMs = performance.now() - started;
    if (failures.length > 0) throw new Error(`the benchmark run failed: ${String(failures[0]?.error)}`);
    return { tasks: tasks.length, concurrency, criticalPathMs, workMs, lowerBoundMs, scheduleOnlyMs, measuredMs };
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of `repeats` runs in this process, with the ratio the goal is stated in. */
export async function measureMakespanMedian(concurrency: number, repeats = 3): Promise<MakespanResult & { ratio: number; ratios: number[] }> {
  const runs: MakespanResult[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await measureMakespan(concurrency));
  const first = runs[0]!;
  const measuredMs = median(runs.map((run) => run.measuredMs));
  return {
    ...first,
    scheduleOnlyMs: median(runs.map((run) => run.scheduleOnlyMs)),
    measuredMs,
    ratio: measuredMs / first.lowerBoundMs,
    ratios: runs.map((run) => run.measuredMs / run.lowerBoundMs),
  };
}

// `npx tsx bench/parallel-makespan.ts --concurrency 4 [--repeats 3] --json`: one JSON line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { concurrency: { type: 'string', default: '6' }, repeats: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
  const result = await measureMakespanMedian(Number(values.concurrency), Number(values.repeats));
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
}
