import { resumeCommand } from './resume-command.js';
import { atelierDocumentPaths } from '../roles/atelier-documents.js';
import { documentFileName, documentTitle } from '../documents/index.js';
import { formatWait, hasApprovalPoint, questionsAndAnswers, TIMEOUT_DECIDER, timeoutFeedback, waitingForAnswers, waitingForApproval } from './approvals.js';
import type { EventPayload } from '../store/event-schemas.js';
import type { DocumentRecord, RunRecord } from '../store/store.js';
import { AtelierError } from '../errors/atelier-error.js';
import { roleAuthor } from '../workspace/git-author.js';
import { selectionHints, type InputDocument, type StageContext } from '../roles/stage-context.js';
import { runDag } from './schedule-dag.js';
import { redactSecrets } from '../observe/redact.js';
import { errorMessage } from './errors.js';
import { persistDocument, renderStored } from './persist-document.js';
import { stageFailed, stageFinished, stageParked, stageStarted, type StageStart } from './progress.js';
import { budgetStopMessage, findBudgetStop } from './run-stop.js';
import type { PlannedStage, RoleSnapshot, RunPlan } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { foldRunState, type ApprovalView, type MessageView } from './run-state.js';
import { behaviourFor, type StageOutcome } from './stage-behaviours.js';
import { MAX_FEEDBACK_CHARS } from '../roles/document-role.js';
import { authorStage, DEFAULT_MAX_FEEDBACK_ROUNDS, feedbackOffer, feedbackRoundsUsed, revisedOnFeedback, unrevised } from './feedback.js';
import { isPermanentFailure } from './stage-retry.js';

export { renderStored } from './persist-document.js';

export interface RunOutcome {
  /**
   * `stopped`: halted on purpose (the budget ran out); resumable like a failure, but nothing went
   * wrong. `parked`: every stage that could run has; the rest wait for something outside the run.
   */
  status: 'succeeded' | 'failed' | 'stopped' | 'parked';
  error?: string;
}

/** The final test report's verdict, for the run's last event; undefined when the workflow tests nothing. */
function testsVerdict(plan: RunPlan, documents: Map<string, DocumentRecord>): EventPayload<'run.finished'>['tests'] {
  const stage = plan.workflow.stages.find((s) => s.behaviour === 'qa');
  const report = stage ? documents.get(stage.output)?.content : undefined;
  if (typeof report !== 'object' || report === null) return undefined;
  const r = report as { status?: unknown; tests_pass?: unknown; summary?: unknown; fix_rounds?: unknown[] };
  return {
    ...(typeof r.status === 'string' ? { status: r.status } : {}),
    ...(typeof r.tests_pass === 'boolean' ? { testsPass: r.tests_pass } : {}),
    fixRounds: Array.isArray(r.fix_rounds) ? r.fix_rounds.length : 0,
    ...(typeof r.summary === 'string' ? { summary: r.summary } : {}),
  };
}

export class UnknownBehaviourError extends AtelierError {
  override readonly name = 'UnknownBehaviourError';
  constructor(readonly stageId: string, readonly behaviour: string) {
    super(`stage "${stageId}" asks for the behaviour "${behaviour}", which this version of Atelier does not have`);
  }
}

/**
 * Runs (or continues) a run: every stage whose inputs are ready, up to the concurrency bound.
 * Stage states, documents, tasks and events are stored as they happen, so a run killed at any
 * point continues from the store; finished stages are not run again. A stage that parks (waits
 * for a person) holds back only the stages that need its document; the run then parks too.
 */
export async function executeRun(run: RunRecord, plan: RunPlan, services: Omit<RunServices, 'state'>): Promise<RunOutcome> {
  const { store, events } = services;
  await events.flush();
  const state = foldRunState(plan, await store.listEvents(run.id));
  const unsubscribe = events.subscribe((event) => state.apply(event));
  try {
    return await executeStages(run, plan, { ...services, state });
  } finally {
    unsubscribe();
  }
}

/**
 * Whatever the run leaves uncommitted (the .gitignore of a new repository, files the project's
 * own tests created) is committed last, so the repository a user gets has a clean `git status`.
 */
async function commitWhatIsLeft(run: RunRecord, services: Omit<RunServices, 'state'>): Promise<void> {
  const author = roleAuthor('run', 'Run');
  const message = `Atelier: the project as run ${run.id} left it`;
  const sha = await services.workspace.commit({ message, author });
  if (sha) await services.events.emit('git.commit', { sha, message, author: author.name, files: [] });
}

async function executeStages(run: RunRecord, plan: RunPlan, services: RunServices): Promise<RunOutcome> {
  const { store, events, state } = services;
  const documents = new Map((await store.listDocuments(run.id)).map((doc) => [doc.name, doc]));
  const isDone = (id: string): boolean => {
    const stage = plan.workflow.stages.find((s) => s.id === id);
    return state.stages.get(id)?.status === 'done' && stage !== undefined && documents.has(stage.output);
  };

  const { failures, parked } = await runDag(plan.workflow.stages, {
    concurrency: plan.options.concurrency,
    isDone,
    run: async (stage) => {
      const result = await runStage(run, plan, stage, documents, services);
      if ('parked' in result) return { parked: result.parked };
      documents.set(stage.output, result.doc);
    },
  });

  await events.flush();
  // Before the run's last event, which is how a watcher knows the run is over.
  await commitWhatIsLeft(run, services);
  const budget = failures.map((f) => findBudgetStop(f.error)).find((e) => e !== undefined);
  if (budget) {
    const message = budgetStopMessage(budget, run.id);
    await store.updateRun(run.id, { status: 'stopped', error: redactSecrets(message) });
    await events.emit('run.stopped', { reason: 'budget', message, resume: resumeCommand(run.id, plan, ' --budget MORE') });
    return { status: 'stopped', error: message };
  }
  if (failures.length > 0) {
    const error = redactSecrets(failures.map((f) => errorMessage(f.error)).join('; '));
    await store.updateRun(run.id, { status: 'failed', error });
    await events.emit('run.failed', { error, resume: resumeCommand(run.id, plan) });
    return { status: 'failed', error };
  }
  if (parked.length > 0) {
    const reasons = parked.map((p) => `${p.id}: ${p.reason}`);
    // What waits is kept with the run, so `runs` says it without reading the log; its time is since when.
    await store.updateRun(run.id, { status: 'parked', error: redactSecrets(reasons.join('; ')) });
    await events.emit('run.parked', { stages: parked.map((p) => p.id), reasons });
    return { status: 'parked', error: reasons.join('; ') };
  }
  const tests = testsVerdict(plan, documents);
  // Every finished run is a version of the project: its tag is made before the run says it finished.
  const head = await services.workspace.head();
  if (head) {
    const tag = await services.workspace.tagVersion(run.id, plan.idea);
    await events.emit('version.tagged', { tag: tag.name, version: tag.version, sha: tag.sha });
  }
  await store.updateRun(run.id, { status: 'succeeded', error: null });
  await events.emit('run.finished', { status: 'succeeded', documents: [...documents.keys()], ...(tests ? { tests } : {}) });
  return { status: 'succeeded' };
}

type StageResult = { doc: DocumentRecord } | { parked: string };

async function runStage(run: RunRecord, plan: RunPlan, stage: PlannedStage, documents: Map<string, DocumentRecord>, services: RunServices): Promise<StageResult> {
  const role = plan.roles[stage.roleId];
  if (!role) throw new Error(`the run's plan has no snapshot of role "${stage.roleId}"`);
  const model = (services.llm.describeStage?.({ stageId: stage.id, role: role.id, ...selectionHints(stage, role.id, role) }) ?? services.llm.describe()).model;
  const start: StageStart = { runId: run.id, stageId: stage.id, role: role.id, model, startedAt: new Date().toISOString() };
  await stageStarted(services, start, { role: role.id, roleName: role.displayName, behaviour: stage.behaviour, output: stage.output, model });

  // A failure that may pass (a model that kept timing out, an answer that stayed invalid) runs
  // the stage again, up to its `retries`; finished tasks and answered calls are not redone.
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptStage(run, plan, stage, documents, services, { role, start });
    } catch (error) {
      if (attempt <= stage.retries && !isPermanentFailure(error)) {
        await services.events.emit('stage.retry', { attempt: attempt + 1, retries: stage.retries, error: errorMessage(error) }, { stageId: stage.id });
        continue;
      }
      await stageFailed(services, start, error);
      throw error;
    }
  }
}

async function attemptStage(
  run: RunRecord,
  plan: RunPlan,
  stage: PlannedStage,
  documents: Map<string, DocumentRecord>,
  services: RunServices,
  started: { role: RoleSnapshot; start: StageStart },
): Promise<StageResult> {
  const { role, start } = started;
  // A stage whose document waits for a person: still waiting, or decided while the run was parked.
  let gate = hasApprovalPoint(plan, stage) ? services.state.stages.get(stage.id)?.approval : undefined;
  // Nobody decided in time: the configured action decides (a document is sent back by the timeout once at most).
  if (gate?.status === 'requested') gate = await decideOnTimeout(run, plan, stage, gate, services);
  if (gate?.status === 'requested') {
    const reason = waitingForApproval(gate.name, gate.version);
    await stageParked(services, start, reason);
    return { parked: reason };
  }
  if (gate?.status === 'granted') {
    const approved = await services.store.getDocument(gate.documentId);
    // Only this stage's own document of this run: a hand-edited log cannot slip in another one.
    if (approved && approved.runId === run.id && approved.name === stage.output) {
      // A person's edit is stored, not yet in docs/: written and committed as theirs (again after a stop in between: a no-op).
      if (gate.edited) await writeEdited(approved, gate.by ?? 'user', stage, services);
      await stageFinished(services, start, { document: approved.name, version: approved.version, path: documentFileName(approved.name) });
      return { doc: approved };
    }
  }
  const sentBack = gate?.status === 'rejected' ? await services.store.getDocument(gate.documentId) : undefined;
  const rejected = sentBack && sentBack.runId === run.id && sentBack.name === stage.output ? sentBack : undefined;
  // Questions the role asked the user: still waiting for answers, or answered (the next version builds them in).
  const questions = services.state.stages.get(stage.id)?.questions;
  if (questions?.status === 'asked') {
    const reason = waitingForAnswers(questions.name, questions.version, questions.questions.length);
    await stageParked(services, start, reason);
    return { parked: reason };
  }
  const askedAbout = questions?.status === 'answered' && !rejected ? await services.store.getDocument(questions.documentId) : undefined;
  const answered = askedAbout && askedAbout.runId === run.id && askedAbout.name === stage.output ? askedAbout : undefined;
  // Feedback sent to the authors of inputs before the run stopped, not yet revised: they revise first.
  const view = services.state.stages.get(stage.id);
  let pending = unrevised(plan, stage, view, (name) => documents.get(name));
  let roundsUsed = feedbackRoundsUsed(view);
  const maxRounds = plan.options.maxFeedbackRounds ?? DEFAULT_MAX_FEEDBACK_ROUNDS;
  const behaviour = behaviourFor(stage.behaviour, services);
  if (!behaviour) throw new UnknownBehaviourError(stage.id, stage.behaviour);
  let inputs: InputDocument[];
  let outcome: StageOutcome;
  for (;;) {
    for (const message of pending) await reviseOnFeedback(run, plan, message, { role, stageId: stage.id }, documents, services);
    pending = [];
    inputs = await inputDocuments(stage, documents, services);
    const revision = rejected && gate?.feedback !== undefined ? { feedback: gate.feedback, version: rejected.version, markdown: await renderStored(rejected, services) } : answered && questions ? { feedback: questionsAndAnswers(questions), version: answered.version, markdown: await renderStored(answered, services), reason: 'answers' as const } : undefined;
    // A first version may send feedback to the authors of its inputs, up to the rounds allowed; a revision for a person may not.
    const feedbackTo = !revision && roundsUsed < maxRounds ? feedbackOffer(plan, stage, (name) => documents.has(name)) : [];
    const ctx: StageContext = { ...stageContext(run, plan, stage, role, inputs, services), ...(revision ? { revision } : {}), ...(role.asksQuestions && !plan.options.noQuestions && questions === undefined ? { mayAsk: true } : {}), ...(feedbackTo.length > 0 ? { feedbackTo } : {}) };
    outcome = await behaviour(ctx, services, plan);
    if ('parked' in outcome || !outcome.feedback || outcome.feedback.length === 0 || feedbackTo.length === 0) break;
    const round = roundsUsed + 1;
    const sent = await sendFeedback(outcome.feedback, round, { role, stageId: stage.id }, plan, documents, services);
    // Only notes for a person: nothing is revised, so the document written stands.
    if (sent.length === 0) break;
    // The answer's document was written on inputs its role found wanting: it is not kept; the authors revise and the stage runs again.
    roundsUsed = round;
    pending = sent;
  }
  if ('parked' in outcome) {
    await stageParked(services, start, outcome.parked);
    return { parked: outcome.parked };
  }

  const { doc, path } = await persistDocument(services, {
    run,
    name: stage.output,
    kind: stage.kind,
    content: outcome.content,
    role,
    // A revision descends from the version a person sent back, as well as from the stage's inputs.
    lineage: [...inputs.map((input) => input.id), ...(rejected ? [rejected.id] : []), ...(answered ? [answered.id] : [])],
    where: { stageId: stage.id },
    commitMessage: (saved) => `${documentTitle(stage.kind)}: ${stage.output} v${saved.version} (stage ${stage.id})`,
  });
  if (outcome.questions && outcome.questions.length > 0) {
    // Saved, so the user reads the document the questions are about; the stages that read it wait.
    await services.events.emit('questions.asked', { documentId: doc.id, name: doc.name, version: doc.version, questions: outcome.questions }, { stageId: stage.id });
    const reason = waitingForAnswers(doc.name, doc.version, outcome.questions.length);
    await stageParked(services, start, reason);
    return { parked: reason };
  }
  if (hasApprovalPoint(plan, stage)) {
    // Saved and committed, so the person reads it in docs/; the stages that read it wait.
    await services.events.emit('approval.requested', { documentId: doc.id, name: doc.name, version: doc.version }, { stageId: stage.id });
    if (plan.options.autoApprove) {
      // Unattended: the point stays on record, approved by nobody in particular, and the run goes on.
      await services.store.setDocumentStatus(doc.id, 'approved');
      await services.events.emit('approval.granted', { documentId: doc.id, version: doc.version, by: 'auto-approve', comment: 'approved without a person (--auto-approve)' }, { stageId: stage.id });
      await stageFinished(services, start, { document: doc.name, version: doc.version, path });
      return { doc: { ...doc, status: 'approved' } };
    }
    const reason = waitingForApproval(doc.name, doc.version);
    await stageParked(services, start, reason);
    return { parked: reason };
  }
  await stageFinished(services, start, { document: doc.name, version: doc.version, path });
  return { doc };
}

/** The stage's declared inputs as the role reads them: the stored JSON and its Markdown (`user_idea` is the idea). */
async function inputDocuments(stage: PlannedStage, documents: Map<string, DocumentRecord>, services: RunServices): Promise<InputDocument[]> {
  return Promise.all(
    stage.inputs.filter((name) => name !== 'user_idea').map(async (name): Promise<InputDocument> => {
      const doc = documents.get(name);
      if (!doc) throw new Error(`input "${name}" has not been produced`);
      return { id: doc.id, name, kind: doc.kind as InputDocument['kind'], version: doc.version, authorRole: doc.authorRole, content: doc.content, markdown: await renderStored(doc, services) };
    }),
  );
}

/** What every behaviour gets for a stage, before what is particular to this attempt (a revision, questions, feedback). */
function stageContext(run: RunRecord, plan: RunPlan, stage: PlannedStage, role: RoleSnapshot, inputs: InputDocument[], services: RunServices): StageContext {
  return {
    runId: run.id,
    projectId: run.projectId,
    idea: plan.brief ? `${plan.idea}\n\n${plan.brief}` : plan.idea,
    projectName: plan.projectName,
    stage,
    role,
    inputs,
    llm: services.llm,
    workspace: services.workspace,
    events: services.events,
    sandbox: services.sandbox,
    isAtelierDocument: atelierDocumentPaths(plan.workflow.stages.map((s) => s.output)),
    ...(services.sandboxSettings ? { sandboxSettings: services.sandboxSettings } : {}),
  };
}

/**
 * A role sent feedback on a document it reads: the document's author writes the next version
 * from it (lineage to the one the feedback was about) and the reading stage goes on with that.
 * The author's stage stays done; its call and its document are its own in the ledger and the log.
 */
async function reviseOnFeedback(run: RunRecord, plan: RunPlan, message: MessageView, from: { role: RoleSnapshot; stageId: string }, documents: Map<string, DocumentRecord>, services: RunServices): Promise<void> {
  const author = plan.workflow.stages.find((s) => s.id === message.toStage);
  const role = author ? plan.roles[author.roleId] : undefined;
  const current = documents.get(message.document);
  // Already revised (the run stopped after saving it), or a log that names what this run does not have.
  if (!author || !role || !current || current.id !== message.documentId || author.output !== message.document || author.behaviour !== 'document') return;
  const behaviour = behaviourFor(author.behaviour, services);
  if (!behaviour) throw new UnknownBehaviourError(author.id, author.behaviour);
  const inputs = await inputDocuments(author, documents, services);
  const revision = { feedback: message.content.slice(0, MAX_FEEDBACK_CHARS), version: current.version, markdown: await renderStored(current, services), reason: 'peer' as const, from: { roleName: from.role.displayName, stageId: from.stageId } };
  const outcome = await behaviour({ ...stageContext(run, plan, author, role, inputs, services), revision }, services, plan);
  if ('parked' in outcome) throw new Error(`stage "${author.id}" could not revise ${current.name} on feedback: ${outcome.parked}`);
  const { doc } = await persistDocument(services, {
    run,
    name: author.output,
    kind: author.kind,
    content: outcome.content,
    role,
    lineage: [...inputs.map((input) => input.id), current.id],
    where: { stageId: author.id },
    commitMessage: (saved) => `${documentTitle(author.kind)}: ${author.output} v${saved.version} (stage ${author.id}, revised on feedback from the ${from.role.displayName})`,
  });
  documents.set(author.output, doc);
}

/** The document a person edited and approved, in docs/ and committed as them. */
async function writeEdited(doc: DocumentRecord, by: string, stage: PlannedStage, services: RunServices): Promise<void> {
  const path = documentFileName(doc.name);
  await services.workspace.writeFile(path, await renderStored(doc, services));
  const message = `${documentTitle(stage.kind)}: ${doc.name} v${doc.version} (stage ${stage.id}, edited and approved by ${by})`;
  const author = roleAuthor('user', by);
  const sha = await services.workspace.commit({ message, author, paths: [path] });
  if (sha) await services.events.emit('git.commit', { sha, message, author: author.name, files: [path] }, { stageId: stage.id });
}

/**
 * Records a stage's feedback on its inputs (`message.sent`), and returns the notes whose authors
 * revise: a note on a document a person approves is kept for the person only.
 */
async function sendFeedback(notes: { document: string; feedback: string }[], round: number, from: { role: RoleSnapshot; stageId: string }, plan: RunPlan, documents: Map<string, DocumentRecord>, services: RunServices): Promise<MessageView[]> {
  const revising: MessageView[] = [];
  for (const note of notes) {
    const author = authorStage(plan, note.document);
    const doc = documents.get(note.document);
    if (!author || !doc) continue;
    const forPerson = !revisedOnFeedback(plan, doc.name);
    const message: MessageView = { to: author.roleId, toStage: author.id, document: doc.name, documentId: doc.id, version: doc.version, content: redactSecrets(note.feedback), round, sentAt: Date.now(), ...(forPerson ? { forPerson } : {}) };
    await services.events.emit('message.sent', { from: from.role.id, fromName: from.role.displayName, to: message.to, toStage: message.toStage, document: message.document, documentId: message.documentId, version: message.version, content: message.content, round, ...(forPerson ? { forPerson } : {}) }, { stageId: from.stageId });
    if (!forPerson) revising.push(message);
  }
  return revising;
}

/** The approval as the timeout leaves it: decided when it is due and its action decides, else still waiting. */
async function decideOnTimeout(run: RunRecord, plan: RunPlan, stage: PlannedStage, gate: ApprovalView, services: RunServices): Promise<ApprovalView> {
  const timeout = plan.options.approvalTimeout;
  if (!timeout || Date.now() < gate.requestedAt + timeout.ms) return gate;
  // Only this stage's own document of this run, as `approve` checks: a hand-edited log decides nothing else.
  const waiting = await services.store.getDocument(gate.documentId);
  if (!waiting || waiting.runId !== run.id || waiting.name !== stage.output) return gate;
  const after = `nobody decided within ${formatWait(timeout.ms)}`;
  if (timeout.action === 'approve') {
    await services.store.setDocumentStatus(gate.documentId, 'approved');
    await services.events.emit('approval.granted', { documentId: gate.documentId, version: gate.version, by: TIMEOUT_DECIDER, comment: `approved because ${after}` }, { stageId: stage.id });
    return { ...gate, status: 'granted', by: TIMEOUT_DECIDER };
  }
  // Only a document role writes from feedback (as `reject` says); other stages wait for a person.
  if (timeout.action === 'reject' && stage.behaviour === 'document' && (services.state.stages.get(stage.id)?.timeoutRejections ?? 0) === 0) {
    const feedback = timeout.feedback?.trim() || timeoutFeedback(timeout.ms);
    await services.store.setDocumentStatus(gate.documentId, 'rejected');
    await services.events.emit('approval.rejected', { documentId: gate.documentId, version: gate.version, by: TIMEOUT_DECIDER, feedback }, { stageId: stage.id });
    return { ...gate, status: 'rejected', by: TIMEOUT_DECIDER, feedback };
  }
  return gate;
}
