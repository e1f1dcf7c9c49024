import { rm } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import type { PipelineStep, StaticFinding, StepOutcome } from '../../documents/index.js';
import type { EventSink } from '../event-sink.js';
import { findExecutable } from '../../sandbox/find-executable.js';
import { sandboxPath } from '../../sandbox/sandbox-env.js';
import type { SandboxDriver } from '../../sandbox/sandbox.js';
import { resolveInsideWorkspace } from '../../workspace/safe-path.js';
import type { Workspace } from '../../workspace/workspace.js';
import { focusOutput } from './focus-output.js';
import { judgeSmoke, judgeStep, type SandboxRun } from './judge-outcome.js';
import { DEFAULT_LIMITS, isSkipped, planChecks, planInstall, type AvailableTools, type DesignCommands, type PipelineLimits, type PlannedCommand } from './plan-steps.js';
import { browserCouldNotStart, findBrowserTools, judgeBrowserSmoke } from './browser-smoke.js';
import { resolveOfflineNpmCache } from './offline-npm-cache.js';
import { PYTHON_DEPS_DIR, readProjectFacts } from './project-facts.js';
import { scanFiles } from './static-scan.js';

export interface StepResult {
  step: PipelineStep;
  name: string;
  command: string;
  exit_code: number | null;
  duration_ms: number;
  timed_out: boolean;
  outcome: StepOutcome;
  note?: string;
  /** Trimmed to what explains the result; this is what the report stores. */
  output: string;
  /** Everything the command printed (within the sandbox's cap), for counting tests and coverage. */
  fullOutput: string;
}

export interface PipelineRun {
  steps: StepResult[];
  skipped: { step: PipelineStep; reason: string }[];
  scan: { files_scanned: number; findings: StaticFinding[] };
  sandbox: { driver: string; isolation_warning?: string };
}

export interface PipelineContext {
  sandbox: SandboxDriver;
  workspace: Workspace;
  events: EventSink;
  stageId: string;
  design: DesignCommands;
  /** The `sandbox` section of atelier.config.yml, as the run plan carries it. */
  settings?: SandboxSettings;
  /** Atelier's environment, for ATELIER_OFFLINE_NPM_CACHE; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What atelier.config.yml may say about the commands the pipeline runs. */
export interface SandboxSettings {
  /** The longest an install or test command may run (the smoke run stays short on purpose). */
  timeoutSeconds?: number;
  memoryMb?: number;
  maxProcesses?: number;
  /** False runs the install without network too (packages must then come from a local cache or mirror). */
  networkForInstall?: boolean;
  /** An npm cache to install from offline, lent read-only, with no network (`~/` allowed). */
  offlineNpmCache?: string;
  /** Extra variables every command sees; a step's own variables (PYTHONPATH) win. */
  env?: Record<string, string>;
}

const MEMORY_MB = 1024;
const MAX_PROCESSES = 256;

/** The timeouts the steps are planned with: the defaults, or the configured `timeout_seconds`. */
export function pipelineLimits(settings: SandboxSettings = {}): PipelineLimits {
  if (settings.timeoutSeconds === undefined) return DEFAULT_LIMITS;
  const ms = settings.timeoutSeconds * 1000;
  return { ...DEFAULT_LIMITS, installTimeoutMs: ms, testTimeoutMs: ms, smokeTimeoutMs: Math.min(DEFAULT_LIMITS.smokeTimeoutMs, ms) };
}

/**
 * The validation pipeline, in order: install (only when dependencies are declared, the one step
 * that may have network), syntax check, type check, build, lint, tests, smoke run, then a static scan of
 * the files. Every command runs in the sandbox. A failed install stops the commands after it:
 * without their dependencies they could only fail for that same reason.
 */
export async function runPipeline(ctx: PipelineContext, options: { previousInstall?: StepResult } = {}): Promise<PipelineRun> {
  const run: PipelineRun = { steps: [], skipped: [], scan: { files_scanned: 0, findings: [] }, sandbox: describeSandbox(ctx.sandbox) };
  const record = async (result: StepResult): Promise<void> => {
    run.steps.push(result);
    await ctx.events.emit('pipeline.step', { step: result.step, command: result.command, outcome: result.outcome, exitCode: result.exit_code, durationMs: result.duration_ms, note: result.note ?? null }, { stageId: ctx.stageId });
  };

  const limits = pipelineLimits(ctx.settings);
  const before = await readProjectFacts(ctx.workspace);
  const npmCache = before.dependencyManifest === 'package.json' ? await resolveOfflineNpmCache(ctx.settings?.offlineNpmCache, { driver: ctx.sandbox.name, ...(ctx.env ? { env: ctx.env } : {}) }) : undefined;
  const planned = planInstall(before, limits, { isolated: ctx.sandbox.isolated, ...(npmCache ? { offlineNpmCache: npmCache } : {}) });
  const install = !isSkipped(planned) && ctx.settings?.networkForInstall === false ? { ...planned, network: false } : planned;
  if (isSkipped(install)) run.skipped.push({ step: 'install', reason: install.skipped });
  else if (options.previousInstall) run.steps.push(reusedInstall(options.previousInstall));
  else await record(await execute(ctx, install));
  const installed = run.steps.find((s) => s.step === 'install');
  if (installed && installed.outcome !== 'passed') {
    run.skipped.push(...(['syntax', 'typecheck', 'build', 'lint', 'test', 'smoke'] as const).map((step) => ({ step, reason: 'not run: installing the dependencies failed' })));
  } else {
    const facts = await readProjectFacts(ctx.workspace);
    const browser = ctx.design.run?.trim() ? undefined : findBrowserTools(ctx.env ?? process.env);
    const steps = planChecks(facts, ctx.design, await availableTools(ctx.workspace), { depsInstalled: installed !== undefined && facts.stack === 'python', limits, ...(browser ? { browser } : {}) });
    for (const step of steps) {
      if (isSkipped(step)) run.skipped.push({ step: step.step, reason: step.skipped });
      else if (step.step !== 'smoke') await record(await execute(ctx, step));
      else {
        const smoke = await smokeRun(ctx, step);
        // A browser that cannot start in the sandbox says nothing about the project: skipped, with why.
        if ('couldNotStart' in smoke) run.skipped.push({ step: 'smoke', reason: smoke.couldNotStart });
        else await record(smoke);
      }
    }
  }
  const files = (await readProjectFacts(ctx.workspace)).files;
  run.scan = await scanFiles(files, (path) => ctx.workspace.readFile(path));
  return run;
}

async function runInSandbox(ctx: PipelineContext, step: PlannedCommand): Promise<SandboxRun> {
  // The argv comes partly from a model (the design's commands): it runs only inside the sandbox.
  const env = { ...ctx.settings?.env, ...step.env };
  return ctx.sandbox.run({
    argv: step.argv,
    cwd: ctx.workspace.root,
    timeoutMs: step.timeoutMs,
    memoryMb: Math.max(ctx.settings?.memoryMb ?? MEMORY_MB, step.minimumMemoryMb ?? 0),
    maxProcesses: Math.max(ctx.settings?.maxProcesses ?? MAX_PROCESSES, step.minimumProcesses ?? 0),
    network: step.network,
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(step.readOnlyPaths ? { readOnlyPaths: step.readOnlyPaths } : {}),
  });
}

const REUSED_INSTALL = 'dependencies unchanged: the earlier install is reused';

/** The earlier install as this round's step; its own note (offline, scripts disabled) still holds. */
function reusedInstall(earlier: StepResult): StepResult {
  const own = earlier.note?.startsWith(REUSED_INSTALL) ? earlier.note.slice(REUSED_INSTALL.length).replace(/^; /, '') : earlier.note;
  return { ...earlier, note: own ? `${REUSED_INSTALL}; ${own}` : REUSED_INSTALL };
}

async function execute(ctx: PipelineContext, step: PlannedCommand): Promise<StepResult> {
  return stepResult(step, await runInSandbox(ctx, step));
}

function stepResult(step: PlannedCommand, raw: SandboxRun): StepResult {
  const judged = step.browser ? judgeBrowserSmoke(raw, step.timeoutMs) : step.step === 'smoke' ? judgeSmoke(raw, step.timeoutMs) : judgeStep(raw, step.timeoutMs);
  // Colours go: the sandbox sets CI, which makes some runners (vitest) colour output that is no terminal's.
  const fullOutput = stripVTControlCharacters(`${raw.stdout}${raw.stderr ? `\n${raw.stderr}` : ''}${raw.outputTruncated ? '\n[output cut by the sandbox]' : ''}`);
  const tampered = raw.tampered && raw.tampered.length > 0 ? `it tried to change Atelier's own files (${raw.tampered.join(', ')}); they were put back` : undefined;
  const note = [step.note, judged.note, tampered].filter((part): part is string => Boolean(part)).join('; ');
  return {
    step: step.step,
    name: step.name,
    command: step.display,
    exit_code: raw.exitCode,
    duration_ms: Math.max(0, Math.round(raw.durationMs)),
    timed_out: raw.timedOut,
    outcome: judged.outcome,
    ...(note ? { note } : {}),
    output: focusOutput(fullOutput),
    fullOutput,
  };
}

/** Said when a step's own minimum (a browser's) is above what atelier.config.yml's sandbox section allows. */
function raisedLimits(ctx: PipelineContext, step: PlannedCommand): string | undefined {
  const raised: string[] = [];
  if (step.minimumMemoryMb !== undefined && ctx.settings?.memoryMb !== undefined && ctx.settings.memoryMb < step.minimumMemoryMb) raised.push(`${step.minimumMemoryMb} MB of memory (sandbox.memory_mb is ${ctx.settings.memoryMb})`);
  if (step.minimumProcesses !== undefined && ctx.settings?.maxProcesses !== undefined && ctx.settings.maxProcesses < step.minimumProcesses) raised.push(`${step.minimumProcesses} processes (sandbox.max_processes is ${ctx.settings.maxProcesses})`);
  return raised.length === 0 ? undefined : `it was given ${raised.join(' and ')}: Chromium needs them`;
}

/** A smoke run may write data files into the project; new ones are removed and named in the note. */
async function smokeRun(ctx: PipelineContext, step: PlannedCommand): Promise<StepResult | { couldNotStart: string }> {
  const before = new Set(await ctx.workspace.listFiles());
  const raw = await runInSandbox(ctx, step);
  const couldNotStart = step.browser ? browserCouldNotStart(raw) : undefined;
  const stepped = stepResult(step, raw);
  const raised = raisedLimits(ctx, step);
  const result = raised ? { ...stepped, note: stepped.note ? `${stepped.note}; ${raised}` : raised } : stepped;
  // Documents (docs/) are written by other stages running meanwhile; they are not the program's.
  const left = (await ctx.workspace.listFiles()).filter((file) => !before.has(file) && !file.startsWith('docs/'));
  for (const file of left) await rm(resolveInsideWorkspace(ctx.workspace.root, file), { force: true });
  if (couldNotStart !== undefined) return { couldNotStart };
  if (left.length === 0) return result;
  const removed = `it created ${left.map((f) => `"${f}"`).join(', ')}, removed afterwards`;
  return { ...result, note: result.note ? `${result.note}; ${removed}` : removed };
}

/** Linters and runners the sandbox can use: on its PATH, or installed into the project's `.pydeps/`. */
export async function availableTools(workspace: Pick<Workspace, 'readFile'>): Promise<AvailableTools> {
  const path = sandboxPath();
  const installed = async (name: string) => (await workspace.readFile(`${PYTHON_DEPS_DIR}/${name}/__init__.py`)) !== undefined;
  return {
    ruff: findExecutable('ruff', path) !== undefined || (await installed('ruff')),
    flake8: findExecutable('flake8', path) !== undefined || (await installed('flake8')),
    pytest: findExecutable('pytest', path) !== undefined || (await installed('pytest')),
  };
}

function describeSandbox(sandbox: SandboxDriver): PipelineRun['sandbox'] {
  return !sandbox.isolated && sandbox.warning ? { driver: sandbox.name, isolation_warning: sandbox.warning } : { driver: sandbox.name };
}
