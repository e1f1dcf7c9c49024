// How long the built CLI takes to start, against a bare `node -e 0`, each in a fresh process.
// `npx tsx bench/cli-startup.ts --json` (run `npm run build` first: it times bin/atelier.js).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { median } from './stats.js';

const CLI = fileURLToPath(new URL('../bin/atelier.js', import.meta.url));

/** What a long run piles up that `show` does not print: waits, retries, pipeline steps, warnings. */
const FILLER = [
  { type: 'llm.call.started', payload: { model: 'openai-compatible:coder', attempt: 1, label: 'implement T12' } },
  { type: 'llm.rate_limited', payload: { provider: 'openai-compatible', waitMs: 1200, reason: 'rpm' } },
  { type: 'llm.retry', payload: { attempt: 2, error: 'the answer was not valid JSON: Unexpected token } in JSON at position 812' } },
  { type: 'pipeline.step', payload: { step: 'tests', command: 'npm test', outcome: 'failed', exitCode: 1 } },
  { type: 'run.warning', payload: { warning: 'the project index could not be written: EROFS' } },
] as const;

export interface StartupResult {
  samples: number;
  bareNodeMs: number;
  helpMs: number;
  versionMs: number;
  /** `atelier runs --project P`: a command that opens a project's store. */
  storeCommandMs: number;
  /** `atelier show RUN --json` on a run of the recorded demo with 100,000 events in its log. */
  show100kMs: number;
  showEvents: number;
  /** Peak resident memory of each, MiB (from /usr/bin/time, when it is installed). */
  peakMiB?: { bareNode: number; help: number; version: number; storeCommand: number; show100k: number };
}

function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}: ${result.stderr.toString()}`);
  return elapsed;
}

function peakMiB(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = Number(/(\d+)\s*$/.exec(result.stderr.toString())?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** A demo run's project whose event log is padded to `events` with events `show` does not print. */
function projectWithLongLog(dir: string, env: NodeJS.ProcessEnv, events: number): { projectDir: string; runId: string } {
  const projectDir = join(dir, 'demo');
  const demo = spawnSync(process.execPath, [CLI, 'demo', '--project', projectDir, '--json'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (demo.status !== 0) throw new Error(`atelier demo failed: ${demo.stderr.toString()}`);
  const db = new Database(join(projectDir, '.atelier', 'atelier.db'));
  try {
    const runId = db.prepare('SELECT id FROM runs ORDER BY ordinal DESC LIMIT 1').pluck().get() as string;
    const have = db.prepare('SELECT count(*) FROM events WHERE run_id = ?').pluck().get(runId) as number;
    const insert = db.prepare('INSERT INTO events (run_id, type, stage_id, task_id, payload_json, at) VALUES (?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = have; i < events; i++) {
        const filler = FILLER[i % FILLER.length]!;
        insert.run(runId, filler.type, 'implement', `T${i % 40}`, JSON.stringify(filler.payload), new Date(1_700_000_000_000 + i).toISOString());
      }
    })();
    return { projectDir, runId };
  } finally {
    db.close();
  }
}

export function measureStartup(samples = 15, showEvents = 100_000): StartupResult {
  if (!existsSync(join(fileURLToPath(new URL('../dist', import.meta.url)), 'atelier.js'))) throw new Error('the CLI is not built: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-cli-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_DATA_HOME: join(dir, '.data'), NO_COLOR: '1' };
  try {
    const { projectDir, runId } = projectWithLongLog(dir, env, showEvents);
    const commands = {
      bareNode: ['-e', '0'],
      help: [CLI, '--help'],
      version: [CLI, '--version'],
      storeCommand: [CLI, 'runs', '--project', projectDir],
      show100k: [CLI, 'show', runId, '--project', projectDir, '--json'],
    } as const;
    const names = Object.keys(commands) as (keyof typeof commands)[];
    const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<keyof typeof commands, number[]>;
    // One of each in turn, so a busy moment on the machine weighs on all of them alike.
    for (let i = 0; i < samples + 1; i++) {
      for (const name of names) {
        const ms = timed([...commands[name]], dir, env);
        if (i > 0) times[name].push(ms);
      }
    }
    const result: StartupResult = {
      samples,
      bareNodeMs: median(times.bareNode),
      helpMs: median(times.help),
      versionMs: median(times.version),
      storeCommandMs: median(times.storeCommand),
      show100kMs: median(times.show100k),
      showEvents,
    };
    if (existsSync('/usr/bin/time')) {
      result.peakMiB = {
        bareNode: peakMiB([...commands.bareNode], dir, env),
        help: peakMiB([...commands.help], dir, env),
        version: peakMiB([...commands.version], dir, env),
        storeCommand: peakMiB([...commands.storeCommand], dir, env),
        show100k: peakMiB([...commands.show100k], dir, env),
      };
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(measureStartup())}\n`);
}
