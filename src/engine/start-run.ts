import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqliteStore } from '../store/index.js';
import type { RunRecord, Store } from '../store/store.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import type { LlmClient, LlmEvent } from '../llm/types.js';
import { CommitQueue } from './commit-queue.js';
import { RunEvents } from './events.js';
import { executeRun, type RunOutcome } from './execute-run.js';
import { EventLogError, RunAlreadyFinishedError, RunNotFoundError } from './errors.js';
import { newId } from './ids.js';
import { lockRun } from './run-lock.js';
import { planRun, type PlanRunOptions } from './plan-run.js';
import { findProjectDirs, storeFile } from './projects.js';
import { runPlanSchema, type RunPlan } from './run-plan.js';
import { currentSandbox, plannedSandbox, prepareSandbox, type RunSandboxOptions } from './run-sandbox.js';

/** Builds the model client once the run's store exists (the client caches and records into it). */
export type LlmFactory = (deps: { store: Store; onEvent: (event: LlmEvent) => void }) => LlmClient;

export interface RunHooks {
  createLlm: LlmFactory;
  sandbox?: () => Promise<SandboxDriver>;
  /** Called before the first event, so a view can subscribe and miss nothing. */
  onStart?: (started: { run: RunRecord; plan: RunPlan; events: RunEvents; projectDir: string; llm: LlmClient }) => void;
}

export interface RunResult {
  run: RunRecord;
  plan: RunPlan;
  projectDir: string;
  outcome: RunOutcome;
}

/**
 * The model layer reports its events synchronously; they are appended in the background. A store
 * that fails to append one is kept and reported when the run ends, not left as an unhandled rejection.
 */
function forwardLlmEvents(events: RunEvents, failed: (error: unknown) => void): (event: LlmEvent) => void {
  return (event) => {
    // Streaming progress is for the live view only; the log keeps calls, not keystrokes.
    if (event.type === 'llm.progress') return;
    const { type, context, ...payload } = event;
    events.emit(type, payload, { stageId: context.stageId, taskId: context.taskId ?? null }).catch(failed);
  };
}

interface Prepared {
  sandbox: () => Promise<SandboxDriver>;
  options: RunSandboxOptions;
}

async function execute(run: RunRecord, plan: RunPlan, projectDir: string, store: Store, hooks: RunHooks, resumed: boolean, prepared: Prepared): Promise<RunResult> {
  const workspace = await openWorkspace(projectDir);
  const events = new RunEvents(store, run.id);
  let lostEvent: unknown;
  const llm = hooks.createLlm({ store, onEvent: forwardLlmEvents(events, (error) => (lostEvent ??= error)) });
  hooks.onStart?.({ run, plan, events, projectDir, llm });
  const model = llm.describe();
  const summary = { idea: plan.idea, workflow: plan.workflow.id, project: projectDir, concurrency: plan.options.concurrency, provider: model.provider, model: model.model };
  await events.emit(resumed ? 'run.resumed' : 'run.started', summary);
  const { sandbox } = prepared;
  // Reduced isolation is said at the start of the run, before any generated code runs.
  if (plan.workflow.stages.some((stage) => stage.behaviour === 'qa')) {
    const driver = await sandbox();
    if (!driver.isolated && driver.warning) await events.emit('sandbox.warning', { driver: driver.name, warning: driver.warning });
  }
  const settings = prepared.options.settings;
  const outcome = await executeRun(run, plan, { store, workspace, llm, events, commits: new CommitQueue(workspace), sandbox, ...(settings ? { sandboxSettings: settings } : {}) });
  await events.flush();
  if (lostEvent !== undefined) throw new EventLogError(run.id, lostEvent);
  return { run, plan, projectDir, outcome };
}

/** Checks everything, then creates the project (folder, git, store) and runs the workflow. */
export async function startRun(options: PlanRunOptions, hooks: RunHooks): Promise<RunResult> {
  const { plan, projectDir } = await planRun(options);
  const sandboxOptions = plannedSandbox(plan);
  const sandbox = await prepareSandbox(plan, sandboxOptions, 'Nothing was created.', hooks.sandbox);
  const store = await openSqliteStore(storeFile(projectDir));
  try {
    const project = await store.upsertProject({ id: plan.projectName, name: plan.projectName, root: projectDir });
    const run = await store.createRun({ id: newId('r'), projectId: project.id, idea: plan.idea, workflowId: plan.workflow.id, status: 'running', plan, error: null });
    const lock = await lockRun(projectDir, run.id);
    try {
      return await execute(run, plan, projectDir, store, hooks, false, { sandbox, options: sandboxOptions });
    } finally {
      await lock.release();
    }
  } finally {
    await store.close();
  }
}

/** Opens the store that holds `runId`, searching --project or the projects visible from cwd. */
export async function openRunStore(runId: string, cwd: string, projectDir?: string): Promise<{ store: Store; run: RunRecord; projectDir: string }> {
  const candidates = projectDir ? [resolve(cwd, projectDir)] : findProjectDirs(cwd);
  for (const dir of candidates) {
    if (!existsSync(storeFile(dir))) continue;
    const store = await openSqliteStore(storeFile(dir));
    const run = await store.getRun(runId);
    if (run) return { store, run, projectDir: dir };
    await store.close();
  }
  throw new RunNotFoundError(runId, candidates);
}

/** Continues a run from its store: finished stages and tasks are skipped, answered calls are not paid again. */
export async function resumeRun(options: { runId: string; cwd: string; projectDir?: string; env?: NodeJS.ProcessEnv }, hooks: RunHooks): Promise<RunResult> {
  const { store, run, projectDir } = await openRunStore(options.runId, options.cwd, options.projectDir);
  try {
    if (run.status === 'succeeded') throw new RunAlreadyFinishedError(run.id);
    const plan = runPlanSchema.parse(run.plan);
    // Checked before the run is touched: a sandbox that cannot be used leaves it as it was.
    const sandboxOptions = await currentSandbox(projectDir, options.env);
    const sandbox = await prepareSandbox(plan, sandboxOptions, `Run ${run.id} was not changed; resume it again after changing the setting.`, hooks.sandbox);
    // Before the run is touched: a second process resuming the same run would pay twice.
    const lock = await lockRun(projectDir, run.id);
    try {
      await store.updateRun(run.id, { status: 'running', error: null });
      return await execute({ ...run, status: 'running' }, plan, projectDir, store, hooks, true, { sandbox, options: sandboxOptions });
    } finally {
      await lock.release();
    }
  } finally {
    await store.close();
  }
}
