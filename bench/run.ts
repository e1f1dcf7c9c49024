// `npm run bench`: every figure of the performance goals, each measured in fresh processes.
// Writes bench/results/latest.json and prints a Markdown report (bench/README.md keeps one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const PEERS = join(ROOT, 'bench', 'peers');

/** Each figure's goal; a figure meets it at or below. */
const GOALS = {
  commit_ms: 10,
  cli_help_ratio: 1.5,
  cli_version_ratio: 1.5,
  cli_store_ratio: 3,
  model_layer_overhead_ms: 1,
  makespan_ratio_c4: 1.05,
  makespan_ratio_c8: 1.05,
  show_100k_ratio: 1.3,
} as const;
type Figure = keyof typeof GOALS;

const WHAT: Record<Figure, string> = {
  commit_ms: "one commit: Atelier's time over the git commands it runs (ms)",
  cli_help_ratio: '`atelier --help` / bare `node -e 0`',
  cli_version_ratio: '`atelier --version` / bare `node -e 0`',
  cli_store_ratio: '`atelier runs --project P` (opens a store) / bare node',
  model_layer_overhead_ms: 'one structured call: the model layer over the bare AI SDK call it wraps (ms, p50)',
  makespan_ratio_c4: '30-task DAG through the full model layer, concurrency 4 / lower bound',
  makespan_ratio_c8: '30-task DAG through the full model layer, concurrency 8 / lower bound',
  show_100k_ratio: '`atelier show RUN --json` at 100,000 events / `atelier --version`',
};

/** Runs one measurement script in a fresh process and reads the JSON line it prints. */
function measure<T>(script: string, args: string[] = []): T {
  process.stderr.write(`  measuring: ${script} ${args.join(' ')}\n`);
  const result = spawnSync(TSX, [join(ROOT, 'bench', script), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`bench/${script} failed (exit ${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

/** LangGraph.js lives in bench/peers with its own lockfile, so the product's dependencies do not grow. */
function peersReady(): { ready: true } | { ready: false; reason: string } {
  if (existsSync(join(PEERS, 'node_modules'))) return { ready: true };
  process.stderr.write('  installing the peers (bench/peers: npm ci)\n');
  const install = spawnSync('npm', ['ci', '--prefix', PEERS, '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8' });
  return install.status === 0 ? { ready: true } : { ready: false, reason: `npm ci in bench/peers failed: ${install.stderr.trim().split('\n').at(-1) ?? ''}` };
}

interface PeerRun {
  concurrency: number;
  lowerBoundMs: number;
  peers: Record<string, { makespanMs: number; ratio: number }>;
}

const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);

process.stderr.write('Atelier benchmark: each figure in fresh processes; this takes a few minutes.\n');
const commit = measure<{ atelierMs: number; directGitMs: number; commitMs: number }>('git-commit.ts', ['--json']);
const startup = measure<{ bareNodeMs: number; helpMs: number; versionMs: number; storeCommandMs: number; show100kMs: number; peakMiB?: Record<string, number> }>('cli-startup.ts', ['--json']);
const overhead = measure<{ modelLayerOverheadMs: number } & Record<string, unknown>>('model-overhead.ts', ['--json']);
const makespan = Object.fromEntries(
  [4, 8].map((c) => [c, measure<{ ratio: number; measuredMs: number; lowerBoundMs: number; scheduleOnlyMs: number }>('parallel-makespan.ts', ['--concurrency', String(c), '--json'])]),
);
const dag = measure<{ tasks: number; scheduleMs: number; perTaskUs: number; perTaskUsAtTenth: number }>('dag-scale.ts', ['--json']);
const peerSetup = peersReady();
type PromptEconomyRow = { scenario: string; endpoint: string; calls: number; promptChars: number; prefixShare: number; tokensPerLine: number };
const promptEconomy = measure<PromptEconomyRow[]>('prompt-economy.ts', ['--json']);
const peers = peerSetup.ready ? Object.fromEntries([4, 8].map((c) => [c, measure<PeerRun>('peers/peers.ts', ['--concurrency', String(c)])])) : undefined;

const values: Record<Figure, number> = {
  commit_ms: commit.commitMs,
  cli_help_ratio: startup.helpMs / startup.bareNodeMs,
  cli_version_ratio: startup.versionMs / startup.bareNodeMs,
  cli_store_ratio: startup.storeCommandMs / startup.bareNodeMs,
  model_layer_overhead_ms: overhead.modelLayerOverheadMs,
  makespan_ratio_c4: makespan[4]!.ratio,
  makespan_ratio_c8: makespan[8]!.ratio,
  show_100k_ratio: startup.show100kMs / startup.versionMs,
};
const figures = Object.fromEntries((Object.keys(GOALS) as Figure[]).map((name) => [name, { value: Number(values[name].toFixed(3)), goal: GOALS[name], meets: values[name] <= GOALS[name] }]));

const machine = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) };
const results = { machine, figures, details: { commit, startup, overhead, makespan, dag, promptEconomy, peers: peers ?? { skipped: peerSetup.ready ? '' : peerSetup.reason } } };
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const ms = (value: number) => `${value.toFixed(1)} ms`;
const lines = [
  `# Atelier benchmark (${machine.date.slice(0, 10)}, Node ${machine.node}, ${machine.cpu} × ${machine.cpus}, load ${machine.loadAverage.join(' ')})`,
  '',
  '| figure | what | value | goal | |',
  '|---|---|---|---|---|',
  ...(Object.keys(GOALS) as Figure[]).map((name) => {
    const figure = figures[name]!;
    return `| \`${name}\` | ${WHAT[name]} | ${figure.value} | ≤ ${figure.goal} | ${figure.meets ? 'meets' : '**misses**'} |`;
  }),
  '',
  `Commit: Atelier ${ms(commit.atelierMs)}, the same git commands run directly ${ms(commit.directGitMs)}.`,
  `Start-up: bare node ${ms(startup.bareNodeMs)}, --help ${ms(startup.helpMs)}, --version ${ms(startup.versionMs)}, runs ${ms(startup.storeCommandMs)}, show --json at 100k events ${ms(startup.show100kMs)}.`,
  ...(startup.peakMiB ? [`Peak memory (MiB): ${Object.entries(startup.peakMiB).map(([k, v]) => `${k} ${v}`).join(', ')}.`] : []),
  `Scheduler alone: ${dag.tasks} tasks in ${ms(dag.scheduleMs)} (${dag.perTaskUs.toFixed(1)} µs per task; ${dag.perTaskUsAtTenth.toFixed(1)} µs at a tenth of the size).`,
  '',
  '## The same 30-task DAG and fake server, side by side (makespan / lower bound)',
  '',
  '| concurrency | lower bound | Atelier (full model layer) | runDag, timers only | plain fetch, critical path | bare AI SDK, FIFO | LangGraph.js |',
  '|---|---|---|---|---|---|---|',
  ...[4, 8].map((c) => {
    const ours = makespan[c]!;
    const peer = (name: string) => {
      const found = peers?.[c]?.peers[name];
      return found ? `${found.ratio.toFixed(3)}×` : 'not run';
    };
    return `| ${c} | ${Math.round(ours.lowerBoundMs)} ms | ${ours.ratio.toFixed(3)}× | ${(ours.scheduleOnlyMs / ours.lowerBoundMs).toFixed(3)}× | ${peer('plain_fetch')} | ${peer('ai_sdk_fifo')} | ${peer('langgraph')} |`;
  }),
  ...(peers ? [] : ['', `Peers not run: ${peerSetup.ready ? '' : peerSetup.reason}`]),
  '',
  '## Prompt economy (goals: ≤ 150,000 prompt characters, ≥ 50% prefix share, ≤ 80 tokens per delivered line)',
  '',
  '| scenario | endpoint | calls | prompt characters | prefix share | tokens per line |',
  '|---|---|---|---|---|---|',
  ...promptEconomy.map((row) => `| ${row.scenario} | ${row.endpoint} | ${row.calls} | ${row.promptChars.toLocaleString('en')} | ${(row.prefixShare * 100).toFixed(1)}% | ${row.tokensPerLine} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
