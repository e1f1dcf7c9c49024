import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SUITE_NAMES, type SuiteName } from './suites.js';

/** A command line the harness cannot run: what is wrong and what to type instead. */
export class EvalUsageError extends Error {
  override readonly name = 'EvalUsageError';

  static isInstance(error: unknown): error is EvalUsageError {
    return error instanceof Error && error.name === 'EvalUsageError';
  }
}

export interface EvalOptions {
  help: boolean;
  offline: boolean;
  suites: SuiteName[];
  jobs: number;
  limit: number | null;
  only: string[];
  outDir: string;
  projectsDir: string;
  /** The longest one `atelier run` or `resume` may take before it is interrupted (resumable). */
  timeoutMs: number | null;
  /** Flags for every `atelier run`: the model settings given here and everything after `--`. */
  runFlags: string[];
  /** The ones of those `atelier resume` takes (a run keeps its workflow, rounds and concurrency). */
  resumeFlags: string[];
  /** `--model`, as given. */
  model: string | null;
}

export const USAGE = `Usage: npm run eval -- [options] [-- extra flags for atelier run]

Runs each idea of a suite through the standard workflow with your configured model, one fresh
project each, then scores every project: executability, completeness, requirement coverage,
test coverage, review blockers left, fix rounds, tokens, cost and wall time. Writes a Markdown
table and a JSON file; a second invocation scores finished projects again without rerunning
them and resumes interrupted ones.

Suites and scope:
  --suite NAME          atelier (20 ideas, the default), metagpt (MetaGPT's SoftwareDev tasks), or all
  --only ID[,ID…]       only these ideas (their ids are in bench/quality/suites.ts)
  --limit N             only the first N ideas of each suite
  --offline             replay the recorded demos (examples/demo/demos.json) instead: no key, no network
Running:
  --jobs N              projects run at the same time (default 2)
  --timeout MIN         interrupt one run session after MIN minutes, resumable (default 120, 0 = never)
  --out DIR             where the results go (default bench/quality/results)
  --projects DIR        where the projects go (default DIR/projects with --out, else workspace/quality)
Passed to every atelier run (see \`atelier run --help\`):
  --model ID  --base-url URL  --budget USD (per project)  --optimize cost|quality|balanced
  --free-only  --cache  --stage-model STAGE=ID  --role-model ROLE=ID
  --max-fix-rounds N  --review-rounds N  --concurrency N  --parallel
  -h, --help            this help

Cost: every idea is a complete run of the company with your model; --budget caps each one, so
a suite costs at most its number of ideas times the budget. See bench/quality/README.md.`;

/** The flags `atelier resume` accepts too; the others are settings a run keeps. */
const RESUMABLE = new Set(['model', 'base-url', 'budget', 'optimize', 'free-only', 'cache', 'stage-model', 'role-model']);
const VALUED = ['model', 'base-url', 'budget', 'optimize', 'max-fix-rounds', 'review-rounds', 'concurrency'] as const;
const REPEATED = ['stage-model', 'role-model'] as const;
const SWITCHES = ['free-only', 'cache', 'parallel'] as const;

function whole(name: string, text: string | undefined, min: number): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new EvalUsageError(`--${name} takes a whole number from ${min}, not "${text}"`);
  return value;
}

export function parseEvalArgs(argv: readonly string[], cwd: string, repoRoot: string): EvalOptions {
  const split = argv.indexOf('--');
  const own = split === -1 ? [...argv] : argv.slice(0, split);
  const extra = split === -1 ? [] : argv.slice(split + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        offline: { type: 'boolean' },
        suite: { type: 'string' },
        only: { type: 'string', multiple: true },
        limit: { type: 'string' },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        out: { type: 'string' },
        projects: { type: 'string' },
        ...Object.fromEntries(VALUED.map((name) => [name, { type: 'string' as const }])),
        ...Object.fromEntries(REPEATED.map((name) => [name, { type: 'string' as const, multiple: true as const }])),
        ...Object.fromEntries(SWITCHES.map((name) => [name, { type: 'boolean' as const }])),
      },
    });
  } catch (error) {
    throw new EvalUsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const suite = (values.suite as string | undefined) ?? 'atelier';
  if (suite !== 'all' && !(SUITE_NAMES as readonly string[]).includes(suite)) throw new EvalUsageError(`--suite is one of ${SUITE_NAMES.join(', ')} or all, not "${suite}"`);

  const runFlags: string[] = [];
  const resumeFlags: string[] = [];
  const pass = (name: string, value?: string) => {
    const flag = value === undefined ? [`--${name}`] : [`--${name}`, value];
    runFlags.push(...flag);
    if (RESUMABLE.has(name)) resumeFlags.push(...flag);
  };
  for (const name of VALUED) if (typeof values[name] === 'string') pass(name, values[name]);
  for (const name of REPEATED) for (const value of (values[name] as string[] | undefined) ?? []) pass(name, value);
  for (const name of SWITCHES) if (values[name] === true) pass(name);
  runFlags.push(...extra);

  const offline = values.offline === true;
  if (offline && runFlags.length > 0) throw new EvalUsageError(`--offline replays recorded answers, so model flags do not apply: drop ${runFlags.filter((flag) => flag.startsWith('--')).join(', ')}`);
  if (offline && values.suite !== undefined) throw new EvalUsageError('--offline runs the recorded demos, not a suite: drop --suite');

  const out = typeof values.out === 'string' ? resolve(cwd, values.out) : join(repoRoot, 'bench', 'quality', 'results');
  // Generated projects stay out of bench/: the repository's lint and type check read every .ts there.
  const projects = typeof values.projects === 'string' ? resolve(cwd, values.projects) : typeof values.out === 'string' ? join(out, 'projects') : join(repoRoot, 'workspace', 'quality');
  const timeoutMin = whole('timeout', values.timeout as string | undefined, 0) ?? 120;
  return {
    help: values.help === true,
    offline,
    suites: suite === 'all' ? [...SUITE_NAMES] : [suite as SuiteName],
    jobs: whole('jobs', values.jobs as string | undefined, 1) ?? 2,
    limit: whole('limit', values.limit as string | undefined, 1),
    only: ((values.only as string[] | undefined) ?? []).flatMap((list) => list.split(',')).map((id) => id.trim()).filter(Boolean),
    outDir: out,
    projectsDir: projects,
    timeoutMs: timeoutMin === 0 ? null : timeoutMin * 60_000,
    runFlags,
    resumeFlags,
    model: typeof values.model === 'string' ? values.model : null,
  };
}
