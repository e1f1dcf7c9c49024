import { documentFileName, documentSchema, documentTitle, renderDocumentMarkdown } from '../documents/index.js';
import type { DocumentRecord, RunRecord } from '../store/store.js';
import { roleAuthor } from '../workspace/git-author.js';
import { writeDocument } from '../roles/document-role.js';
import { runProjectTests } from '../roles/qa-role.js';
import type { InputDocument, StageContext } from '../roles/stage-context.js';
import { implementTaskPlan } from './fan-out.js';
import { runDag } from './schedule-dag.js';
import { errorMessage } from './errors.js';
import { newId } from './ids.js';
import type { PlannedStage, RunPlan } from './run-plan.js';
import type { RunServices } from './run-services.js';

export interface RunOutcome {
  status: 'succeeded' | 'failed';
  error?: string;
}

/** Renders a stored document as its Markdown file in the workspace would show it. */
export async function renderStored(doc: DocumentRecord, services: Pick<RunServices, 'store'>): Promise<string> {
  const lineage = await Promise.all(doc.lineage.map((id) => services.store.getDocument(id)));
  return renderDocumentMarkdown({
    kind: doc.kind as PlannedStage['kind'],
    name: doc.name,
    content: doc.content,
    meta: {
      version: doc.version,
      authorRole: doc.authorRole,
      status: doc.status,
      lineage: lineage.flatMap((d) => (d ? [{ name: d.name, version: d.version }] : [])),
      createdAt: doc.createdAt,
    },
  });
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
  if (failures.length > 0) {
    const error = failures.map((f) => errorMessage(f.error)).join('; ');
    await store.updateRun(run.id, { status: 'failed', error });
    await events.emit('run.failed', { error, resume: `atelier resume ${run.id}` });
    return { status: 'failed', error };
  }
  await store.updateRun(run.id, { status: 'succeeded', error: null });
  await events.emit('run.finished', { status: 'succeeded', documents: [...documents.keys()] });
  return { status: 'succeeded' };
}

async function runStage(
  run: RunRecord,
  plan: RunPlan,
  stage: PlannedStage,
  documents: Map<string, DocumentRecord>,
  services: RunServices,
): Promise<DocumentRecord> {
  const { store, events, workspace, commits } = services;
  const role = plan.roles[stage.roleId];
  if (!role) throw new Error(`the run's plan has no snapshot of role "${stage.roleId}"`);
  const startedAt = new Date().toISOString();
  await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'running', model: services.llm.describe().model, startedAt, finishedAt: null, error: null });
  await events.emit('stage.started', { role: role.id, roleName: role.displayName, behaviour: stage.behaviour, output: stage.output, model: services.llm.describe().model }, { stageId: stage.id });

  try {
    const inputs = await Promise.all(
      stage.inputs.filter((name) => name !== 'user_idea').map(async (name): Promise<InputDocument> => {
        const doc = documents.get(name);
        if (!doc) throw new Error(`input "${name}" has not been produced`);
        return { id: doc.id, name, kind: doc.kind as InputDocument['kind'], version: doc.version, authorRole: doc.authorRole, content: doc.content, markdown: await renderStored(doc, services) };
      }),
    );
    const ctx: StageContext = { runId: run.id, idea: plan.idea, projectName: plan.projectName, stage, role, inputs, llm: services.llm, workspace, events, sandbox: services.sandbox };

    const content =
      stage.behaviour === 'engineer'
        ? await implementTaskPlan(ctx, services, plan.options.concurrency)
        : stage.behaviour === 'qa'
          ? (await runProjectTests(ctx)).value
          : (await writeDocument(ctx)).value;

    // Nothing invalid is stored, whoever produced it: code-built documents are checked too.
    const valid = documentSchema(stage.kind, { sections: role.sections }).parse(content);
    const doc = await store.saveDocument({
      id: newId('d'),
      projectId: run.projectId,
      runId: run.id,
      name: stage.output,
      kind: stage.kind,
      content: valid,
      authorRole: role.id,
      status: 'draft',
      lineage: inputs.map((input) => input.id),
    });
    const path = documentFileName(stage.output);
    await workspace.writeFile(path, await renderStored(doc, services));
    await events.emit('document.saved', { id: doc.id, name: doc.name, kind: doc.kind, version: doc.version, path }, { stageId: stage.id });
    const message = `${documentTitle(stage.kind)}: ${stage.output} v${doc.version} (stage ${stage.id})`;
    const author = roleAuthor(role.id, role.displayName);
    const sha = await commits.commit({ message, author, paths: [path] });
    if (sha) await events.emit('git.commit', { sha, message, author: author.name, files: [path] }, { stageId: stage.id });

    await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'done', model: services.llm.describe().model, startedAt, finishedAt: new Date().toISOString(), error: null });
    await events.emit('stage.finished', { document: doc.name, version: doc.version, path }, { stageId: stage.id });
    return doc;
  } catch (error) {
    await store.upsertStage({ runId: run.id, stageId: stage.id, role: role.id, status: 'failed', model: services.llm.describe().model, startedAt, finishedAt: new Date().toISOString(), error: errorMessage(error) });
    await events.emit('stage.failed', { error: errorMessage(error) }, { stageId: stage.id });
    throw error;
  }
}
