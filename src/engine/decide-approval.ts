import type { StoreProvider } from '../store/index.js';
import { currentUser } from './approvals.js';
import { InvalidEditError, NothingToDecideError } from './errors.js';
import { validateDocument } from '../documents/index.js';
import { roleOutputProblems } from '../roles/role-checks.js';
import { newId } from './ids.js';
import { canonicalJson } from './persist-document.js';
import { openRunStore, storeAccess } from './find-runs.js';
import { acquireRunLease, runLeaseName } from './run-lease.js';
import { readRunPlan } from './run-plan.js';
import { foldRunState, type ApprovalView } from './run-state.js';

export interface ApprovalDecisionOptions {
  runId: string;
  cwd: string;
  projectDir?: string;
  /** The stage whose document is decided; may be left out when exactly one waits. */
  stage?: string;
  /** `edited`: the person's own version of the document (validated like a model's answer), approved as the next version. */
  decision: { approve: true; comment?: string; edited?: unknown; /** The document and version the edit started from (its file's header), checked against what waits. */ editedOf?: { name: string; version: number } } | { approve: false; feedback: string };
  /** Who decides, as the store keeps it; default the user's login name. */
  by?: string;
  env?: NodeJS.ProcessEnv;
  stores?: StoreProvider;
}

export interface ApprovalDecided {
  runId: string;
  projectDir: string;
  stageId: string;
  document: { id: string; name: string; version: number };
}

/** What waits for a person in a run's events: each stage whose document is up for approval. */
export function pendingApprovals(plan: Parameters<typeof foldRunState>[0], events: Parameters<typeof foldRunState>[1]): { stageId: string; approval: ApprovalView }[] {
  const state = foldRunState(plan, events);
  return [...state.stages.values()].flatMap((stage) => (stage.approval?.status === 'requested' ? [{ stageId: stage.id, approval: stage.approval }] : []));
}

/**
 * Records a person's decision on a document that waits for approval: approved (the document's
 * status becomes `approved`, the stage finishes with it when the run goes on), or sent back with
 * feedback (`rejected`, kept with the feedback; the stage's role writes the next version). Only
 * the decision is written here; `resumeRun` continues the run.
 */
export async function decideApproval(options: ApprovalDecisionOptions): Promise<ApprovalDecided> {
  const { store, run, projectDir } = await openRunStore(options.runId, options.cwd, options.projectDir, storeAccess(options));
  try {
    if (!options.decision.approve && options.decision.feedback.trim() === '') throw new NothingToDecideError('the feedback is empty: say what the role should change, e.g. --feedback "split the PRD\'s first story in two"');
    // The decision and a resume of the same run never interleave: both hold the run's lease.
    const lease = await acquireRunLease(store, runLeaseName(run.id), { purpose: `atelier ${options.decision.approve ? 'approve' : 'reject'} ${run.id}` });
    try {
      const plan = readRunPlan(run.plan);
      const replay = plan.options.modelSettings?.replay;
      if (options.decision.approve && options.decision.edited !== undefined && replay !== undefined) {
        throw new NothingToDecideError(`run ${run.id} replays the recording ${replay}, which holds no answers for stages that read an edited document, so it can only be approved as it is (\`atelier approve ${run.id}\`); nothing was changed. To edit documents, start a run with a model.`);
      }
      if (!options.decision.approve && replay !== undefined) {
        throw new NothingToDecideError(`run ${run.id} replays the recording ${replay}, which holds no answer for a revised document, so it can only be approved (\`atelier approve ${run.id}\`); nothing was changed. To send documents back, start a run with a model.`);
      }
      const pending = pendingApprovals(plan, await store.listEvents(run.id));
      const chosen = choose(run.id, run.status, pending, options.stage);
      const stage = plan.workflow.stages.find((s) => s.id === chosen.stageId);
      const document = await store.getDocument(chosen.approval.documentId);
      if (!stage || !document || document.runId !== run.id || document.name !== stage.output) {
        throw new NothingToDecideError(`the document stage "${chosen.stageId}" of run ${run.id} waits on is not one it wrote (its log names ${chosen.approval.documentId}); the run's store was changed by hand`);
      }
      // Only a document role writes from feedback; the code of an engineer stage or QA's report would come back unchanged.
      if (!options.decision.approve && stage.behaviour !== 'document') {
        throw new NothingToDecideError(`stage "${stage.id}" (${stage.behaviour}) cannot revise its ${stage.output} from feedback yet, so it can only be approved (\`atelier approve ${run.id} --stage ${stage.id}\`); nothing was changed`);
      }
      const at = { runId: run.id, stageId: chosen.stageId };
      const by = options.by ?? currentUser();
      const version = chosen.approval.version;
      if (options.decision.approve && options.decision.edited !== undefined) {
        // The person's version: checked as a model's answer is, stored as the next version (lineage to theirs), approved.
        const of = options.decision.editedOf;
        if (of && (of.name !== document.name || of.version !== version)) {
          throw new NothingToDecideError(`your file is an edit of ${of.name} v${of.version}, but ${document.name} v${version} is what waits for approval; nothing was recorded. Start from it: atelier show ${run.id} --document ${document.name}`);
        }
        if (canonicalJson(options.decision.edited) === canonicalJson(document.content)) {
          throw new NothingToDecideError(`your file is ${document.name} v${version} as it is, with no change; nothing was recorded. To approve it as it is: atelier approve ${run.id}${options.stage ? ` --stage ${stage.id}` : ''}`);
        }
        const role = plan.roles[stage.roleId];
        const checked = validateDocument(stage.kind, options.decision.edited, { sections: role?.sections ?? [] });
        const problems = checked.success ? (role ? roleOutputProblems(role, stage.kind, checked.data) : []) : checked.problems;
        if (!checked.success || problems.length > 0) throw new InvalidEditError(`${document.name} v${version}`, problems);
        const edited = await store.saveDocument({ id: newId('d'), projectId: run.projectId, runId: run.id, name: document.name, kind: document.kind, content: checked.data, authorRole: 'user', status: 'approved', lineage: [document.id] });
        const comment = options.decision.comment?.trim();
        await store.appendEvent({ ...at, type: 'approval.granted', payload: { documentId: edited.id, version: edited.version, by, editedFrom: document.id, ...(comment ? { comment } : {}) } });
        return { runId: run.id, projectDir, stageId: chosen.stageId, document: { id: edited.id, name: edited.name, version: edited.version } };
      }
      if (options.decision.approve) {
        await store.setDocumentStatus(chosen.approval.documentId, 'approved');
        const comment = options.decision.comment?.trim();
        await store.appendEvent({ ...at, type: 'approval.granted', payload: { documentId: chosen.approval.documentId, version, by, ...(comment ? { comment } : {}) } });
      } else {
        await store.setDocumentStatus(chosen.approval.documentId, 'rejected');
        await store.appendEvent({ ...at, type: 'approval.rejected', payload: { documentId: chosen.approval.documentId, version, by, feedback: options.decision.feedback.trim() } });
      }
      return { runId: run.id, projectDir, stageId: chosen.stageId, document: { id: chosen.approval.documentId, name: chosen.approval.name, version } };
    } finally {
      await lease.release();
    }
  } finally {
    await store.close();
  }
}

function choose(runId: string, status: string, pending: { stageId: string; approval: ApprovalView }[], stage: string | undefined): { stageId: string; approval: ApprovalView } {
  if (pending.length === 0) throw new NothingToDecideError(`run ${runId} has no document waiting for approval (its status is ${status}); \`atelier show ${runId}\` shows where it stands`);
  if (stage !== undefined) {
    const found = pending.find((p) => p.stageId === stage);
    if (!found) throw new NothingToDecideError(`stage "${stage}" of run ${runId} is not waiting for approval; waiting: ${pending.map(describe).join(', ')}`);
    return found;
  }
  if (pending.length > 1) throw new NothingToDecideError(`${pending.length} documents of run ${runId} wait for approval: ${pending.map(describe).join(', ')}; name one with --stage`);
  return pending[0]!;
}

function describe(pending: { stageId: string; approval: ApprovalView }): string {
  return `${pending.approval.name} v${pending.approval.version} (--stage ${pending.stageId})`;
}

/** The documents of a run that wait for approval now, oldest request first. */
export async function waitingApprovals(options: { runId: string; cwd: string; projectDir?: string; env?: NodeJS.ProcessEnv; stores?: StoreProvider }): Promise<{ stageId: string; name: string; version: number; content: unknown; requestedAt: number }[]> {
  const { store, run } = await openRunStore(options.runId, options.cwd, options.projectDir, storeAccess(options));
  try {
    const pending = pendingApprovals(readRunPlan(run.plan), await store.listEvents(run.id));
    const waiting = pending.sort((a, b) => a.approval.requestedAt - b.approval.requestedAt);
    // The content, so a person at a terminal can edit it.
    return await Promise.all(waiting.map(async (p) => ({ stageId: p.stageId, name: p.approval.name, version: p.approval.version, requestedAt: p.approval.requestedAt, content: (await store.getDocument(p.approval.documentId))?.content })));
  } finally {
    await store.close();
  }
}

export interface AnswerOptions {
  runId: string;
  cwd: string;
  projectDir?: string;
  /** The stage whose questions are answered; may be left out when one stage asks. */
  stage?: string;
  /** By question number (1 first); a question left out is left to the role. */
  answers: ReadonlyMap<number, string>;
  by?: string;
  env?: NodeJS.ProcessEnv;
  stores?: StoreProvider;
}

/** The questions of a run that wait for answers now. */
export async function waitingQuestions(options: { runId: string; cwd: string; projectDir?: string; env?: NodeJS.ProcessEnv; stores?: StoreProvider }): Promise<{ stageId: string; name: string; version: number; questions: string[] }[]> {
  const { store, run } = await openRunStore(options.runId, options.cwd, options.projectDir, storeAccess(options));
  try {
    const state = foldRunState(readRunPlan(run.plan), await store.listEvents(run.id));
    return [...state.stages.values()].flatMap((stage) => (stage.questions?.status === 'asked' ? [{ stageId: stage.id, name: stage.questions.name, version: stage.questions.version, questions: stage.questions.questions }] : []));
  } finally {
    await store.close();
  }
}

/**
 * Records the user's answers to the questions a role asked (`questions.answered`); when the run
 * goes on, the role writes the next version of its document with them. Every number must be one
 * of the questions asked; one left out is left to the role, which records its assumption.
 */
export async function answerQuestions(options: AnswerOptions): Promise<ApprovalDecided> {
  const { store, run, projectDir } = await openRunStore(options.runId, options.cwd, options.projectDir, storeAccess(options));
  try {
    const lease = await acquireRunLease(store, runLeaseName(run.id), { purpose: `atelier answer ${run.id}` });
    try {
      const plan = readRunPlan(run.plan);
      if (plan.options.modelSettings?.replay !== undefined) throw new NothingToDecideError(`run ${run.id} replays a recording, which holds no answer for a document written with your answers; nothing was changed. To answer questions, start a run with a model.`);
      const state = foldRunState(plan, await store.listEvents(run.id));
      const asking = [...state.stages.values()].filter((stage) => stage.questions?.status === 'asked');
      if (asking.length === 0) throw new NothingToDecideError(`run ${run.id} has no questions waiting for answers (its status is ${run.status}); \`atelier show ${run.id}\` shows where it stands`);
      const stage = options.stage === undefined ? (asking.length === 1 ? asking[0] : undefined) : asking.find((s) => s.id === options.stage);
      if (!stage?.questions) {
        const list = asking.map((s) => `--stage ${s.id}`).join(', ');
        throw new NothingToDecideError(options.stage === undefined ? `${asking.length} stages of run ${run.id} wait for answers (${list}); name one with --stage` : `stage "${options.stage}" of run ${run.id} has no questions waiting; waiting: ${list}`);
      }
      const count = stage.questions.questions.length;
      const wrong = [...options.answers.keys()].filter((n) => !Number.isInteger(n) || n < 1 || n > count);
      if (wrong.length > 0) throw new NothingToDecideError(`there ${count === 1 ? 'is 1 question' : `are ${count} questions`} to answer, numbered 1${count > 1 ? ` to ${count}` : ''}; no question ${wrong.join(', ')}. Nothing was recorded.`);
      if (options.answers.size === 0) throw new NothingToDecideError('no answer given: --answer "1=…" (one per question), or --answers FILE with a line "1=…" per answer');
      const answers = stage.questions.questions.map((_q, i) => options.answers.get(i + 1)?.trim() || null);
      await store.appendEvent({ runId: run.id, stageId: stage.id, type: 'questions.answered', payload: { documentId: stage.questions.documentId, answers, by: options.by ?? currentUser() } });
      return { runId: run.id, projectDir, stageId: stage.id, document: { id: stage.questions.documentId, name: stage.questions.name, version: stage.questions.version } };
    } finally {
      await lease.release();
    }
  } finally {
    await store.close();
  }
}

