import { documentTitle } from '../documents/index.js';
import type { DocumentRecord, RunRecord } from '../store/store.js';
import { writeDocument } from '../roles/document-role.js';
import { selectionHints, type InputDocument, type StageContext } from '../roles/stage-context.js';
import { implementTaskPlan } from './fan-out.js';
import { runDag } from './schedule-dag.js';
import { redactSecrets } from '../observe/redact.js';
import { errorMessage } from './errors.js';
import { persistDocument, renderStored } from './persist-document.js';
import { runQaStage } from './qa-stage.js';
import { budgetStopMessage, findBudgetStop } from './run-stop.js';
import type { PlannedStage, RoleSnapshot, RunPlan } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { isPermanentFailure } from './stage-retry.js';
import { DEFAULT_MAX_REVIEW_ROUNDS, taskReviewerFor } from './support-roles.js';

export { renderStored } from './persist-document.js';

export interface RunOutcome {
  /** `stopped`: halted on purpose (the budget ran out); resumable like a failure, but nothing went wrong. */
  status: 'succeeded' | 'failed' | 'stopped';
  error?: string;
}

/** The final test report's verdict, for the run's last event; undefined when the workflow tests nothing. */
function testsVerdict(plan: RunPlan, documents: Map<string, DocumentRecord>): Record<string, unknown> | undefined {
  const stage = plan.workflow.stages.find((s) => s.behaviour === 'qa');
  const report = stage ? documents.get(stage.output)?.content : undefined;
  if (typeof report !== 'object' || report === null) return undefined;
  const r = report as { status?: unknown; tests_pass?: unknown; summary?: unknown; fix_rounds?: unknown[] };
  return { status: r.status, testsPass: r.tests_pass, fixRounds: Array.isArray(r.fix_rounds) ? r.fix_rounds.length : 0, summary: r.summary };
}

/**
 * Runs (or continues) a run: every stage whose inputs are ready, up to the concurrency bound.
 * Stage states, documents, tasks and events are stored as they happen, so a run killed at any
 * point continues from the store; finished stages are not run again.
 */
export async function executeRun(run: RunRecord, plan: RunPlan, services: RunServices): Promise<RunOutcome> {
  const { store, events } = services;
  const stageState = new Map((await store.listStages(run.id)).map((stage) => [stage.stageId, stage.status]));
  const documents = new Map((await store.listDocuments(run.id)).map((doc) => [doc.name, doc]));
  const isDone = (id: string): boolean => {
    const stage = plan.workflow.stages.find((s) => s.id === id);
    return stageState.get(id) === 'done' && stage !== undefined && documents.has(stage.output);
  };

  const { failures } = await runDag(plan.workflow.stages, {
    concurrency: plan.options.concurrency,
    isDone,
    run: async (stage) => {
      const doc = await runStage(run, plan, stage, documents, services);
      documents.set(stage.output, doc);
      stageState.set(stage.id, 'done');
    },
  });

  await events.flush();
  const budget = failures.map((f) => findBudgetStop(f.error)).find((e) => e !== undefined);
  if (budget) {
    const message = budgetStopMessage(budget, run.id);
    await store.updateRun(run.id, { status: 'stopped', error: redactSecrets(message) });
    await events.emit('run.stopped', { reason: 'budget', message, resume: `atelier resume ${run.id} --budget MORE` });
    return { status: 'stopped', error: message };
  }
  if (failures.length > 0) {
    const error = redactSecrets(failures.map((f) => errorMessage(f.error)).join('; '));
    await store.updateRun(run.id, { status: 'failed', error });
    await events.emit('run.failed', { error, resume: `atelier resume ${run.id}` });
    return { status: 'failed', error };
  }
  await store.updateRun(run.id, { status: 'succeeded', error: null });
  const tests = testsVerdict(plan, documents);
  await events.emit('run.finished', { status: 'succeeded', documents: [...documents.keys()], ...(tests ? { tests } : {}) });
  return { status: 'succeeded' };
}

async function runStage(run: RunRecord, plan: RunPlan, stage: PlannedStage, documents: Map<string, DocumentRecord>, services: RunServices): Promise<DocumentRecord> {
  const { store, events } = services;
  const role = plan.roles[stage.roleId];
  if (!role) throw new Error(`the run's plan has no snapshot of role "${stage.roleId}"`);
  const startedAt = new Date().toISOString();
  const model = (services.llm.describeStage?.({ stageId: stage.id, role: role.id, ...selectionHints(stage, role.id, role) }) ?? services.llm.describe()).model;
  await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'running', model, startedAt, finishedAt: null, error: null });
  await events.emit('stage.started', { role: role.id, roleName: role.displayName, behaviour: stage.behaviour, output: stage.output, model }, { stageId: stage.id });

  // A failure that may pass (a model that kept timing out, an answer that stayed invalid) runs
  // the stage again, up to its `retries`; finished tasks and answered calls are not redone.
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptStage(run, plan, stage, documents, services, { role, model, startedAt });
    } catch (error) {
      if (attempt <= stage.retries && !isPermanentFailure(error)) {
        await events.emit('stage.retry', { attempt: attempt + 1, retries: stage.retries, error: errorMessage(error) }, { stageId: stage.id });
        continue;
      }
      const message = redactSecrets(errorMessage(error));
      await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'failed', model, startedAt, finishedAt: new Date().toISOString(), error: message });
      await events.emit('stage.failed', { error: message }, { stageId: stage.id });
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
  started: { role: RoleSnapshot; model: string; startedAt: string },
): Promise<DocumentRecord> {
  const { store, events, workspace } = services;
  const { role, model, startedAt } = started;
  const inputs = await Promise.all(
    stage.inputs.filter((name) => name !== 'user_idea').map(async (name): Promise<InputDocument> => {
      const doc = documents.get(name);
      if (!doc) throw new Error(`input "${name}" has not been produced`);
      return { id: doc.id, name, kind: doc.kind as InputDocument['kind'], version: doc.version, authorRole: doc.authorRole, content: doc.content, markdown: await renderStored(doc, services) };
    }),
  );
  const ctx: StageContext = { runId: run.id, projectId: run.projectId, idea: plan.brief ? `${plan.idea}\n\n${plan.brief}` : plan.idea, projectName: plan.projectName, stage, role, inputs, llm: services.llm, workspace, events, sandbox: services.sandbox, ...(services.sandboxSettings ? { sandboxSettings: services.sandboxSettings } : {}) };

  const content =
    stage.behaviour === 'engineer'
      ? await implementTaskPlan(ctx, services, {
          concurrency: plan.options.concurrency,
          reviewer: taskReviewerFor(plan, stage),
          maxReworks: plan.options.maxReviewRounds ?? DEFAULT_MAX_REVIEW_ROUNDS,
        })
      : stage.behaviour === 'qa'
        ? await runQaStage(ctx, services, plan)
        : (await writeDocument(ctx)).value;

  const { doc, path } = await persistDocument(services, {
    run,
    name: stage.output,
    kind: stage.kind,
    content,
    role,
    lineage: inputs.map((input) => input.id),
    where: { stageId: stage.id },
    commitMessage: (saved) => `${documentTitle(stage.kind)}: ${stage.output} v${saved.version} (stage ${stage.id})`,
  });
  await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'done', model, startedAt, finishedAt: new Date().toISOString(), error: null });
  await events.emit('stage.finished', { document: doc.name, version: doc.version, path }, { stageId: stage.id });
  return doc;
}
