// `npm run eval`: the quality benchmark. Runs a suite of ideas through the built CLI, one
// project each, and scores what every run left. See bench/quality/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemos, missingTools } from '../../src/cli/commands/demo-command.js';
import { AtelierCommandError, assertBuilt, REPO_ROOT } from './atelier-cli.js';
import { EvalUsageError, parseEvalArgs, USAGE, type EvalOptions } from './eval-args.js';
import { FINISHED_STATUSES } from './plan-project.js';
import type { ProjectResult } from './project-result.js';
import { PUBLISHED } from './published.js';
import { progressLine, renderMarkdown, summaryLine, type ResultsDocument } from './render-results.js';
import { runIdea, type IdeaJob } from './run-idea.js';
import { SUITES } from './suites.js';
import { summarizeSuite } from './summarize.js';

function atelierVersion(): string {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${version} (${git('rev-parse', '--short', 'HEAD')}${changed ? ' with uncommitted changes' : ''})`;
  } catch {
    return version;
  }
}

async function offlineJobs(options: EvalOptions): Promise<IdeaJob[]> {
  const { demos } = await loadDemos();
  return demos.map((demo) => {
    const missing = missingTools(demo);
    const projectDir = join(options.projectsDir, 'offline', demo.name);
    return {
      suite: 'offline',
      id: demo.name,
      idea: demo.idea,
      label: demo.title,
      projectDir,
      logFile: `${projectDir}.log`,
      runArgs: ['--workflow', demo.workflow, '--replay', demo.cassette],
      resumeArgs: ['--replay', demo.cassette],
      ...(missing.length > 0 ? { skip: `its tests need ${missing.join(', ')}, not found on this machine` } : {}),
    };
  });
}

function suiteJobs(options: EvalOptions): IdeaJob[] {
  const known = new Set(options.suites.flatMap((suite) => SUITES[suite].map((idea) => idea.id)));
  const unknownIds = options.only.filter((id) => !known.has(id));
  if (unknownIds.length > 0) throw new EvalUsageError(`--only names no idea of ${options.suites.join(', ')}: ${unknownIds.join(', ')} (the ids are in bench/quality/suites.ts)`);
  return options.suites.flatMap((suite) => {
    const chosen = SUITES[suite].filter((idea) => options.only.length === 0 || options.only.includes(idea.id));
    return chosen.slice(0, options.limit ?? chosen.length).map((idea) => {
      const projectDir = join(options.projectsDir, suite, idea.id);
      return {
        suite,
        id: idea.id,
        idea: idea.idea,
        label: idea.stack ?? '—',
        ...(idea.area ? { area: idea.area } : {}),
        ...(idea.source ? { source: idea.source } : {}),
        projectDir,
        logFile: `${projectDir}.log`,
        runArgs: ['--workflow', 'standard', ...options.runFlags],
        resumeArgs: options.resumeFlags,
      };
    });
  });
}

/** Runs `work` over the jobs, at most `limit` at a time; after `stop()`, no new job starts. */
async function runPool(jobs: readonly IdeaJob[], limit: number, work: (job: IdeaJob, index: number) => Promise<ProjectResult>, stopped: () => boolean): Promise<ProjectResult[]> {
  const results: ProjectResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && !stopped()) {
      const index = next++;
      results[index] = await work(jobs[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results.filter((result): result is ProjectResult => result !== undefined);
}

function writeResults(options: EvalOptions, results: ProjectResult[]): { markdown: string; files: string[] } {
  const suites = options.offline ? ['offline'] : options.suites;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const doc: ResultsDocument = {
    header: {
      mode: options.offline ? 'offline' : 'model',
      date,
      atelierVersion: atelierVersion(),
      model: options.offline ? 'the recorded cassettes (replayed)' : (options.model ?? 'as configured (atelier.config.yml and the environment)'),
      answeredBy: [...new Set(results.flatMap((result) => result.answeredBy))].sort(),
      runFlags: options.runFlags,
      projectsDir: options.projectsDir,
    },
    suites: suites.map((suite) => summarizeSuite(suite, results)),
    projects: results,
    published: PUBLISHED,
  };
  const markdown = renderMarkdown(doc);
  mkdirSync(options.outDir, { recursive: true });
  const stem = join(options.outDir, `${date.replace(/:/g, '-')}-${suites.join('+')}`);
  writeFileSync(`${stem}.md`, markdown);
  writeFileSync(`${stem}.json`, `${JSON.stringify(doc, null, 2)}\n`);
  for (const summary of doc.suites) process.stderr.write(`${summaryLine(summary).replace(/\*\*/g, '')}\n`);
  return { markdown, files: [`${stem}.md`, `${stem}.json`] };
}

async function main(): Promise<number> {
  const options = parseEvalArgs(process.argv.slice(2), process.cwd(), REPO_ROOT);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  assertBuilt();
  const jobs = options.offline ? await offlineJobs(options) : suiteJobs(options);
  if (jobs.length === 0) throw new EvalUsageError('no idea to run: check --only and --limit');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.offline) {
    // Like `atelier demo`: the replay must see the built-in roles and workflow, not the user's own.
    env.XDG_CONFIG_HOME = join(options.projectsDir, '.offline-config');
    mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });
  }
  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
    process.stderr.write('\nstopping: no new idea starts; the running ones stop resumable (run the same command again to continue)\n');
  });
  const width = String(jobs.length).length;
  process.stderr.write(`quality benchmark: ${jobs.length} idea(s), ${options.jobs} at a time, projects in ${options.projectsDir}\n`);
  const results = await runPool(
    jobs,
    options.jobs,
    async (job, index) => {
      const tag = `[${String(index + 1).padStart(width)}/${jobs.length}]`;
      const result = await runIdea(job, { env, timeoutMs: options.timeoutMs, say: (line) => process.stderr.write(`${tag} ${line}\n`) });
      process.stderr.write(`${tag} done   ${progressLine(result)}\n`);
      if (result.action === 'blocked' && result.exitCode === 2 && !stopping) {
        // Exit 2 is a command line or configuration atelier refuses (no model set up, say): every other idea would meet it too.
        stopping = true;
        process.stderr.write('stopping: atelier refused the command line or the configuration (exit 2); fix it (see the log above) and run the benchmark again\n');
      }
      return result;
    },
    () => stopping,
  );
  const { markdown, files } = writeResults(options, results);
  process.stdout.write(markdown);
  process.stderr.write(`results: ${files.join(', ')}\n`);
  const complete = results.length === jobs.length && results.every((result) => result.action === 'skipped' || FINISHED_STATUSES.has(result.status));
  return complete ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (EvalUsageError.isInstance(error)) {
      process.stderr.write(`eval: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`eval: ${AtelierCommandError.isInstance(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
