import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { AtelierCommandError, runAtelier } from './atelier-cli.js';
import { FINISHED_STATUSES, planProject } from './plan-project.js';
import type { IdeaProject, ProjectAction, ProjectResult } from './project-result.js';
import { listRuns, readFolderState, readRunEvidence } from './read-evidence.js';
import { scoreProject } from './score.js';

/** One idea to run and score, with everything its two commands need. */
export interface IdeaJob extends IdeaProject {
  /** Where the runs' events (`--json`) and messages are appended. */
  logFile: string;
  /** After `run --idea IDEA --project DIR --json`. */
  runArgs: string[];
  /** After `resume RUN --project DIR --json`. */
  resumeArgs: string[];
  /** Why the idea cannot run here (a tool its tests need is missing). */
  skip?: string;
}

export interface IdeaContext {
  env: NodeJS.ProcessEnv;
  timeoutMs: number | null;
  /** A progress line for stderr. */
  say: (line: string) => void;
}

/** What the last command said about its failure: its `error:` line, else its last lines. */
function logTail(file: string, lines = 3): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trim().split('\n');
  const last = text.slice(text.findLastIndex((line) => line.startsWith('$ atelier ')) + 1).filter((line) => !line.startsWith('{') && line.trim() !== '');
  return last.find((line) => line.startsWith('error:')) ?? last.slice(-lines).join(' / ');
}

/** Runs (or resumes, or only reads) the idea's project and scores what its run left. */
export async function runIdea(job: IdeaJob, ctx: IdeaContext): Promise<ProjectResult> {
  const began = Date.now();
  const base = { suite: job.suite, id: job.id, idea: job.idea, label: job.label, ...(job.area ? { area: job.area } : {}), ...(job.source ? { source: job.source } : {}), projectDir: job.projectDir };
  const finish = (action: ProjectAction, runId: string | null, status: string, rest: Partial<ProjectResult>): ProjectResult => ({
    ...base,
    action,
    runId,
    status,
    harnessSeconds: Math.round((Date.now() - began) / 100) / 10,
    answeredBy: [],
    scores: null,
    ...rest,
  });
  if (job.skip) return finish('skipped', null, 'not run', { why: job.skip });
  const options = { cwd: dirname(job.projectDir), env: ctx.env };
  try {
    mkdirSync(dirname(job.projectDir), { recursive: true });
    const plan = planProject(await readFolderState(job.projectDir, options));
    if (plan.kind === 'leave') return finish('blocked', plan.runId, 'not run', { why: plan.why });

    let runId: string;
    let action: ProjectAction = 'reused';
    let session: { code: number | null; timedOut: boolean } | undefined;
    if (plan.kind === 'score') {
      runId = plan.runId;
      ctx.say(`reuse  ${job.id}: run ${runId} already finished, scoring it as it is`);
    } else {
      const log = createWriteStream(job.logFile, { flags: 'a' });
      try {
        if (plan.kind === 'resume') {
          action = 'resumed';
          ctx.say(`resume ${job.id}: continuing run ${plan.runId} (log: ${job.logFile})`);
          session = await runAtelier(['resume', plan.runId, '--project', job.projectDir, '--json', ...job.resumeArgs], { ...options, log, timeoutMs: ctx.timeoutMs });
        } else {
          action = 'started';
          ctx.say(`start  ${job.id} (${job.label}) (log: ${job.logFile})`);
          // Nobody is there to answer a role's questions: it decides and records its assumptions.
          // (A replay asks what the recording asked: it keeps the recorded prompts.)
          const unattended = job.runArgs.includes('--replay') ? [] : ['--no-questions'];
          session = await runAtelier(['run', '--idea', job.idea, '--project', job.projectDir, '--json', ...unattended, ...job.runArgs], { ...options, log, timeoutMs: ctx.timeoutMs });
        }
      } finally {
        log.end();
        await once(log, 'close');
      }
      const newest = existsSync(job.projectDir) ? (await listRuns(job.projectDir, options)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] : undefined;
      if (!newest) return finish('blocked', null, 'not run', { exitCode: session.code, why: `atelier exited ${session.code} without starting a run: ${logTail(job.logFile) || 'see the log'}` });
      runId = newest.id;
    }
    const evidence = await readRunEvidence(job.projectDir, runId, options);
    const exited = session ? { exitCode: session.code } : {};
    if (!FINISHED_STATUSES.has(evidence.status)) {
      const how = session?.timedOut ? 'was interrupted after --timeout' : session?.code === null ? 'was killed' : `exited ${session?.code ?? 'elsewhere'}`;
      return finish(action, runId, evidence.status, { ...exited, answeredBy: evidence.answeredBy, why: `the run has not finished (atelier ${how}${session?.code === 2 ? `: ${logTail(job.logFile)}` : ''}); run the benchmark again to resume it` });
    }
    return finish(action, runId, evidence.status, { ...exited, answeredBy: evidence.answeredBy, scores: scoreProject(evidence) });
  } catch (error) {
    const message = AtelierCommandError.isInstance(error) || error instanceof Error ? error.message : String(error);
    return finish('blocked', null, 'not run', { why: message });
  }
}
