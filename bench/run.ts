// `npm run bench`: the model layer's overhead per call and a 30-task parallel run's makespan.
// Prints a Markdown report; the numbers recorded in bench/README.md come from it.
import { cpus } from 'node:os';
import { measureOverhead } from './model-overhead.js';
import { measureMakespan } from './parallel-makespan.js';
import { ms } from './stats.js';

const OVERHEAD_TARGET_MS = 5;
const MAKESPAN_TARGET = 1.1;

const verdict = (ok: boolean) => (ok ? 'meets the target' : 'MISSES the target');

const overhead = await measureOverhead(400);
const lines = [
  `# Atelier model-layer benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length})`,
  '',
  `## Overhead per call (${overhead.calls} calls, each a different request)`,
  '',
  '| measurement | p50 | p95 |',
  '|---|---|---|',
  `| model layer alone (instant mock model) | ${ms(overhead.layerOnly.p50)} | ${ms(overhead.layerOnly.p95)} |`,
  `| model layer + AI SDK + HTTP to the fake server | ${ms(overhead.fakeServer.layerP50)} | ${ms(overhead.fakeServer.layerP95)} |`,
  `| bare AI SDK streamText to the same server | ${ms(overhead.fakeServer.bareSdkP50)} | ${ms(overhead.fakeServer.bareSdkP95)} |`,
  '',
  // The measure: a call through the whole layer to the zero-latency fake server, HTTP included.
  `Per call through the layer to the fake server, p50 ${ms(overhead.fakeServer.layerP50)} (the layer alone: ${ms(overhead.layerOnly.p50)}): ${verdict(overhead.fakeServer.layerP50 <= OVERHEAD_TARGET_MS)} (≤ ${OVERHEAD_TARGET_MS} ms).`,
  '',
  '## 30-task parallel run: makespan against its lower bound',
  '',
  '| concurrency | critical path | work / concurrency | lower bound | runDag with timers only | through the model layer | ratio to the lower bound |',
  '|---|---|---|---|---|---|---|',
];
const REPEATS = 3;
for (const concurrency of [4, 6, 8]) {
  // The median of a few runs: one noisy neighbour on a small machine should not decide the result.
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await measureMakespan(concurrency));
  runs.sort((a, b) => a.measuredMs - b.measuredMs);
  const result = runs[Math.floor(REPEATS / 2)]!;
  const ratio = result.measuredMs / result.lowerBoundMs;
  lines.push(
    `| ${concurrency} | ${result.criticalPathMs} ms | ${Math.round(result.workMs / concurrency)} ms | ${Math.round(result.lowerBoundMs)} ms | ${Math.round(result.scheduleOnlyMs)} ms | ${Math.round(result.measuredMs)} ms | ${ratio.toFixed(3)}× (${verdict(ratio <= MAKESPAN_TARGET)}) |`,
  );
}
lines.push('', `Median of ${REPEATS} runs per row. Target ≤ ${MAKESPAN_TARGET}×.`);
process.stdout.write(`${lines.join('\n')}\n`);
