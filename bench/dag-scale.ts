// The scheduler's own time on a large plan: `npx tsx bench/dag-scale.ts --json`.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runDag, type DagNode } from '../src/engine/schedule-dag.js';
import { median } from './stats.js';

export interface DagScaleResult {
  tasks: number;
  /** runDag over tasks that finish at once: all of it is scheduling. */
  scheduleMs: number;
  /** Scheduling time per task at `tasks` and at a tenth of it: about equal when the scheduler is linear. */
  perTaskUs: number;
  perTaskUsAtTenth: number;
}

/** Layers of fan-out and fan-in, each task depending on up to three of the tasks before it. */
function plan(count: number): DagNode[] {
  return Array.from({ length: count }, (_, i) => ({ id: `T${i}`, dependsOn: i < 8 ? [] : [`T${i - 8}`, `T${Math.floor(i / 2)}`, `T${i - 3}`] }));
}

async function scheduleOnce(count: number): Promise<number> {
  const nodes = plan(count);
  const started = performance.now();
  await runDag(nodes, { concurrency: 8, isDone: () => false, run: async () => undefined });
  return performance.now() - started;
}

export async function measureDagScale(tasks = 3000, repeats = 5): Promise<DagScaleResult> {
  const big: number[] = [];
  const small: number[] = [];
  for (let i = 0; i < repeats + 1; i++) {
    const b = await scheduleOnce(tasks);
    const s = await scheduleOnce(tasks / 10);
    if (i > 0) {
      big.push(b);
      small.push(s);
    }
  }
  const scheduleMs = median(big);
  return { tasks, scheduleMs, perTaskUs: (scheduleMs / tasks) * 1000, perTaskUsAtTenth: (median(small) / (tasks / 10)) * 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await measureDagScale())}\n`);
}
