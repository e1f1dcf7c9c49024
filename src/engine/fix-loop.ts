import { realpath } from 'node:fs/promises';
import type { FixRound } from '../documents/index.js';
import { InvalidModelOutputError } from '../llm/index.js';
import { analyseFailure, relativiseOutput, type FailureAnalysis } from '../roles/analyse-failure.js';
import { proposeFix, type FixHistoryEntry } from '../roles/fix-role.js';
import { failureSignature, judgePipeline } from '../roles/pipeline/build-report.js';
import type { PipelineRun } from '../roles/pipeline/run-pipeline.js';
import { snapshotProjectFiles } from '../roles/project-files.js';
import { validateProject, type QaSession } from '../roles/qa-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { writeChange } from '../roles/write-change.js';
import { roleAuthor } from '../workspace/git-author.js';
import type { RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';
import type { EarlierFixRounds } from './run-state.js';

const MANIFESTS = new Set(['package.json', 'requirements.txt', 'pyproject.toml']);

export interface FixLoopRequest {
  ctx: StageContext;
  services: RunServices;
  session: QaSession;
  engineer: RoleSnapshot;
  maxRounds: number;
  /** The validation that failed. */
  first: PipelineRun;
  /** Rounds this run already finished for the stage (a resumed run): the loop continues after them. */
  earlier?: EarlierFixRounds;
}

export interface FixLoopOutcome {
  run: PipelineRun;
  rounds: FixRound[];
}

function firstLine(text: string, max = 72): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The workspace path as the sandbox printed it too (its real path), both made relative in prompts. */
async function relativiser(root: string): Promise<(analysis: FailureAnalysis) => FailureAnalysis> {
  const real = await realpath(root).catch(() => root);
  return (analysis) => ({ ...analysis, failing: analysis.failing.map((step) => ({ ...step, output: relativiseOutput(relativiseOutput(step.output, real), root) })) });
}

/**
 * A failing validation becomes fix work, round by round: analyse the failure (which steps, which
 * files), ask the engineer for strict search-and-replace edits, apply and commit them, validate
 * again. It ends when the pipeline passes, after `maxRounds`, when the engineer proposes the same
 * fix again for the same failure, or when its edits cannot be applied; the rounds say which.
 */
export async function runFixLoop(request: FixLoopRequest): Promise<FixLoopOutcome> {
  const { ctx, services, session, engineer } = request;
  const author = roleAuthor(engineer.id, engineer.displayName);
  const relative = await relativiser(ctx.workspace.root);
  const tried = new Map(request.earlier?.tried ?? []);
  const history: FixHistoryEntry[] = [...(request.earlier?.history ?? [])];
  const rounds: FixRound[] = [...(request.earlier?.rounds ?? [])];
  let run = request.first;
  // A loop that ended on a repeated or rejected fix stays ended.
  const ended = ['repeated', 'rejected'].includes(rounds.at(-1)?.outcome ?? '');

  for (let round = rounds.length + 1; !ended && round <= request.maxRounds && judgePipeline(run).status !== 'pass'; round++) {
    const where = { stageId: ctx.stage.id, taskId: `fix-${round}` };
    const failing = judgePipeline(run).failing;
    const signature = failureSignature(run);
    const snapshot = await snapshotProjectFiles(ctx.workspace);
    const analysis = relative(analyseFailure(run, snapshot, ctx.workspace.root));
    await services.events.emit('fix.round.started', { round, maxRounds: request.maxRounds, failing, suspects: analysis.suspects }, where);

    const finish = async (entry: FixRound, extra: Record<string, unknown> = {}): Promise<void> => {
      rounds.push(entry);
      await services.events.emit('fix.round.finished', { round, outcome: entry.outcome, failing: entry.failing, files: entry.files, cause: entry.cause, commit: entry.commit ?? null, failure: signature, ...extra }, where);
    };

    const triedHere = tried.get(signature) ?? new Set<string>();
    let proposal;
    try {
      proposal = await proposeFix({ ctx, engineer, round, maxRounds: request.maxRounds, analysis, history, snapshot, triedForThisFailure: triedHere });
    } catch (error) {
      if (!InvalidModelOutputError.isInstance(error)) throw error;
      await finish({ round, failing, cause: `The engineer's edits could not be applied: ${error.problems.join('; ')}`, files: [], outcome: 'rejected' }, { status: judgePipeline(run).status });
      break;
    }
    if (proposal.repeated) {
      await finish({ round, failing, cause: proposal.fix.cause, files: [], outcome: 'repeated' }, { status: judgePipeline(run).status });
      break;
    }
    tried.set(signature, triedHere.add(proposal.signature));

    const change = await writeChange(ctx, proposal.fix, { taskId: where.taskId, label: `fix round ${round}` });
    const paths = change.written.map((file) => file.path);
    const message = `Fix round ${round}: ${firstLine(proposal.fix.cause)}\n\n${proposal.fix.cause}\n\n${proposal.fix.notes}`.trim();
    const sha = await services.workspace.commit({ message, author, paths });
    if (sha) await services.events.emit('git.commit', { sha, message: `Fix round ${round}: ${firstLine(proposal.fix.cause)}`, author: author.name, files: paths }, where);

    const reinstall = paths.some((path) => MANIFESTS.has(path));
    const install = run.steps.find((step) => step.step === 'install');
    run = await validateProject(ctx, session, { round, ...(install && !reinstall ? { previousInstall: install } : {}) });
    const after = judgePipeline(run);
    const outcome = after.status === 'pass' ? 'passing' : 'still_failing';
    const same = failureSignature(run) === signature;
    const result = outcome === 'passing' ? 'the validation passed' : same ? 'the same failure remained' : `still failing: ${after.failing.join(', ')}`;
    history.push({ round, cause: proposal.fix.cause, files: paths, result });
    await finish({ round, failing, cause: proposal.fix.cause, files: paths, outcome, ...(sha ? { commit: sha } : {}) }, { status: after.status, testsPass: after.testsPass, result, attempt: proposal.signature });
  }
  return { run, rounds };
}
