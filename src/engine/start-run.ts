import { appConfigFiles, loadAppConfig } from '../config/index.js';
import { userConfigDir } from './built-in-paths.js';
import type { StoreProvider } from '../store/index.js';
import type { EventRecord, RunRecord, Store } from '../store/store.js';
import { removeLeftoverTemps } from '../workspace/leftover-temps.js';
import { openWorkspace } from '../workspace/workspace.js';
import { plural } from '../observe/plural.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import { mergeModelSettings, type LlmClient, type LlmEvent, type ModelSettings } from '../llm/index.js';
import { RunEvents } from './events.js';
import { executeRun, type RunOutcome } from './execute-run.js';
import { errorMessage, EventLogError, RunAlreadyFinishedError, RunBrokeOffError } from './errors.js';
import { openRunStore, rememberProject, storeAccess, storesFor } from './find-runs.js';
import { newId } from './ids.js';
import { guardRunWrites, LeaseLostError } from './lease-guard.js';
import { acquireRunLease, projectLeaseName, runLeaseName, type HeldLease } from './run-lease.js';
import { runModels, type LlmFactory } from './run-models.js';
import type { StageBehaviour } from './stage-behaviours.js';
import { loadProjectConfig, planRun, type PlanRunOptions } from './plan-run.js';
import { readRunPlan, type RunPlan } from './run-plan.js';
import { checkResumeSettings } from './resume-settings.js';
import { readWholeEventLog } from './check-event-log.js';
import { checkCanWrite } from './plan-checks.js';
import { plannedSandbox, prepareSandbox, sandboxFromConfig, type RunSandboxOptions } from './run-sandbox.js';

export type { LlmFactory } from './run-models.js';

export interface RunHooks {
  /** The model client to use instead of the one the run's settings describe (tests pass a mock here). */
  createLlm?: LlmFactory;
  sandbox?: () => Promise<SandboxDriver>;
  /** Stage behaviours that replace or add to the built-in ones, by name (an embedding program's, a test's). */
  behaviours?: Readonly<Record<string, StageBehaviour>>;
  /** Receives `--explain-models`' lines (the model each stage gets, and why) before the run starts. */
  onExplainModels?: (lines: string[]) => void;
  /** Called before the first event, so a view can subscribe and miss nothing. */
  onStart?: (started: { run: RunRecord; plan: RunPlan; events: RunEvents; projectDir: string; llm: LlmClient; history: readonly EventRecord[] }) => void;
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
    // Each LlmEvent variant is the payload of the event type of the same name (see event-schemas.ts).
    events.emit(type, payload as never, { stageId: context.stageId, taskId: context.taskId ?? null }).catch(failed);
  };
}

interface Prepared {
  createLlm: LlmFactory;
  /** Said right after the run starts: what went wrong before it without stopping it. */
  warnings?: string[];
  /** The run's leases: once one is lost, nothing more is written. */
  lease: { readonly lost: boolean };
  /** For the leases of the run's task jobs. */
  leaseTtlMs?: number | undefined;
  sandbox: () => Promise<SandboxDriver>;
  options: RunSandboxOptions;
}

async function execute(run: RunRecord, plan: RunPlan, projectDir: string, ownStore: Store, hooks: RunHooks, resumed: boolean, prepared: Prepared): Promise<RunResult> {
  const { store, workspace } = guardRunWrites(run.id, prepared.lease, { store: ownStore, workspace: await openWorkspace(projectDir) });
  const events = new RunEvents(store, run.id);
  let lostEvent: unknown;
  const llm = prepared.createLlm({ store, onEvent: forwardLlmEvents(events, (error) => (lostEvent ??= error)) });
  // A resumed run's views start from what it already did, so its summary is the whole run's.
  const history = resumed ? await ownStore.listEvents(run.id) : [];
  hooks.onStart?.({ run, plan, events, projectDir, llm, history });
  const model = llm.describe();
  const summary = { idea: plan.idea, workflow: plan.workflow.id, project: projectDir, concurrency: plan.options.concurrency, provider: model.provider, model: model.model };
  await events.emit(resumed ? 'run.resumed' : 'run.started', summary);
  for (const warning of prepared.warnings ?? []) await events.emit('run.warning', { warning });
  const { sandbox } = prepared;
  // Reduced isolation is said at the start of the run, before any generated code runs.
  if (plan.workflow.stages.some((stage) => stage.behaviour === 'qa')) {
    const driver = await sandbox();
    if (!driver.isolated && driver.warning) await events.emit('sandbox.warning', { driver: driver.name, warning: driver.warning });
  }
  const settings = prepared.options.settings;
  let outcome: RunOutcome;
  try {
    outcome = await executeRun(run, plan, { store, workspace, llm, events, sandbox, ...(settings ? { sandboxSettings: settings } : {}), ...(prepared.leaseTtlMs !== undefined ? { leaseTtlMs: prepared.leaseTtlMs } : {}), ...(hooks.behaviours ? { behaviours: hooks.behaviours } : {}) });
  } catch (error) {
    // Another process runs it now: resuming it here is not what to do.
    if (LeaseLostError.isInstance(error)) throw error;
    // Once the run has started, whatever stops it (a full disk, a lost store) leaves it resumable.
    throw new RunBrokeOffError(run.id, error);
  }
  await events.flush();
  if (lostEvent !== undefined) throw new EventLogError(run.id, lostEvent);
  return { run, plan, projectDir, outcome };
}

/**
 * Checks everything (idea, workflow, roles, models, sandbox), then creates the project (folder,
 * git, store) and runs the workflow. Nothing is written when a check fails.
 */
export async function startRun(options: PlanRunOptions & { stores?: StoreProvider; leaseTtlMs?: number }, hooks: RunHooks = {}): Promise<RunResult> {
  const { plan, projectDir, config } = await planRun(options);
  const models = await runModels(plan, plan.options.modelSettings ?? {}, config, {
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    ...(hooks.createLlm ? { injected: hooks.createLlm } : {}),
    ...(hooks.onExplainModels ? { explain: hooks.onExplainModels } : {}),
  });
  try {
    const sandboxOptions = plannedSandbox(plan);
    const sandbox = await prepareSandbox(plan, sandboxOptions, 'Nothing was created.', hooks.sandbox);
    const stores = storesFor(storeAccess(options));
    const store = await stores.openProjectStore(projectDir);
    try {
      // Before anything of the run is written: a second run on the project is refused, naming the first.
      const runId = newId('r');
      const projectLease = await acquireRunLease(store, projectLeaseName(projectDir), { purpose: `atelier run ${runId}`, ...ttl(options) });
      try {
        const project = await store.upsertProject({ id: plan.projectName, name: plan.projectName, root: projectDir });
        const warnings = await indexProject(stores, { root: projectDir, name: plan.projectName });
        const run = await store.createRun({ id: runId, projectId: project.id, idea: plan.idea, workflowId: plan.workflow.id, status: 'running', plan, error: null });
        const lease = await acquireRunLease(store, runLeaseName(run.id), { purpose: `atelier run ${runId}`, ...ttl(options) });
        try {
          return await execute(run, plan, projectDir, store, hooks, false, { warnings, createLlm: models.createLlm, lease: eitherLost(lease, projectLease), sandbox, options: sandboxOptions, leaseTtlMs: options.leaseTtlMs });
        } finally {
          await lease.release();
        }
      } finally {
        await projectLease.release();
      }
    } finally {
      await store.close();
    }
  } finally {
    await models.close();
  }
}

export interface ResumeRunOptions {
  runId: string;
  cwd: string;
  /** The project folder holding the run; else the projects visible from cwd. */
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the ones the run started with (`--budget MORE`, another cassette). */
  modelSettings?: ModelSettings;
  /** Where stores live; default SQLite per project with the user's project index. */
  stores?: StoreProvider;
  /** How long the run's lease lasts without a heartbeat (default 30 s). */
  leaseTtlMs?: number;
}

/** The index only helps find runs from elsewhere: a run goes on without it (a read-only or odd HOME), saying so. */
async function indexProject(stores: StoreProvider, project: { root: string; name: string }): Promise<string[]> {
  try {
    await rememberProject(stores, project);
    return [];
  } catch (error) {
    return [`the project was not added to the index of known projects (${errorMessage(error)}); its runs are found with --project ${project.root}`];
  }
}

/** The run goes on only while this process holds both its leases. */
function eitherLost(run: HeldLease, project: HeldLease): { readonly lost: boolean } {
  return {
    get lost() {
      return run.lost || project.lost;
    },
  };
}

function ttl(options: { leaseTtlMs?: number }): { ttlMs?: number } {
  return options.leaseTtlMs !== undefined ? { ttlMs: options.leaseTtlMs } : {};
}

/** Continues a run from its store: finished stages and tasks are skipped, answered calls are not paid again. */
export async function resumeRun(options: ResumeRunOptions, hooks: RunHooks = {}): Promise<RunResult> {
  const { store, run, projectDir } = await openRunStore(options.runId, options.cwd, options.projectDir, storeAccess(options));
  try {
    if (run.status === 'succeeded') throw new RunAlreadyFinishedError(run.id);
    checkCanWrite(projectDir);
    // Before anything is spent: a log that cannot be read whole is reported, not skipped.
    await readWholeEventLog(store, run.id);
    const plan = readRunPlan(run.plan);
    const config = await loadProjectConfig(projectDir, options.env);
    const userConfig = await loadAppConfig({ user: appConfigFiles(userConfigDir(options.env ?? process.env)).user });
    checkResumeSettings(run.id, plan.options.modelSettings ?? {}, options.modelSettings ?? {}, { env: options.env ?? process.env, userConfig });
    const settings = mergeModelSettings(plan.options.modelSettings ?? {}, options.modelSettings ?? {});
    const models = await runModels(plan, settings, config, {
      cwd: options.cwd,
      ...(options.env ? { env: options.env } : {}),
      ...(hooks.createLlm ? { injected: hooks.createLlm } : {}),
      ...(hooks.onExplainModels ? { explain: hooks.onExplainModels } : {}),
    });
    try {
      // Checked before the run is touched: a sandbox that cannot be used leaves it as it was.
      const sandboxOptions = sandboxFromConfig(config);
      const sandbox = await prepareSandbox(plan, sandboxOptions, `Run ${run.id} was not changed; resume it again after changing the setting.`, hooks.sandbox);
      // Before the run is touched: a second process resuming the same run would pay twice, and
      // another run in progress on the project would mix its files with this one's.
      const projectLease = await acquireRunLease(store, projectLeaseName(projectDir), { purpose: `atelier resume ${run.id}`, ...ttl(options) });
      try {
        const lease = await acquireRunLease(store, runLeaseName(run.id), { purpose: `atelier resume ${run.id}`, ...ttl(options) });
        try {
          const warnings = await indexProject(storesFor(storeAccess(options)), { root: projectDir, name: plan.projectName });
          // Under the leases, so no live write's temp file is taken for a leftover.
          const leftovers = await removeLeftoverTemps(projectDir);
          if (leftovers.length > 0) warnings.push(`removed ${plural(leftovers.length, 'temporary file')} a killed run had left: ${leftovers.join(', ')}`);
          await store.updateRun(run.id, { status: 'running', error: null });
          return await execute({ ...run, status: 'running' }, plan, projectDir, store, hooks, true, { warnings, createLlm: models.createLlm, lease: eitherLost(lease, projectLease), sandbox, options: sandboxOptions, leaseTtlMs: options.leaseTtlMs });
        } finally {
          await lease.release();
        }
      } finally {
        await projectLease.release();
      }
    } finally {
      await models.close();
    }
  } finally {
    await store.close();
  }
}
