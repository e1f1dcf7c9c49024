import type { SandboxDriver } from '../sandbox/sandbox.js';
import { judgePipeline } from './pipeline/build-report.js';
import { fallbackTestCommand, type DesignCommands } from './pipeline/plan-steps.js';
import { readProjectFacts } from './pipeline/project-facts.js';
import { availableTools, runPipeline, type PipelineRun, type StepResult } from './pipeline/run-pipeline.js';
import type { StageContext } from './stage-context.js';

/** What QA works from: the sandbox, the design's commands, and which files the engineers wrote. */
export interface QaSession {
  sandbox: SandboxDriver;
  design: DesignCommands;
  /** The test command as the pipeline will run it (the design's, or the stack's usual one). */
  testCommand: string;
  engineerFiles: string[];
}

function designCommands(ctx: StageContext): DesignCommands {
  const design = ctx.inputs.find((input) => input.kind === 'system_design')?.content as { commands?: Record<string, unknown> } | undefined;
  const text = (key: string) => {
    const value = design?.commands?.[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const commands: DesignCommands = {};
  for (const key of ['install', 'build', 'test', 'run'] as const) {
    const value = text(key);
    if (value !== undefined) commands[key] = value;
  }
  return commands;
}

/**
 * Opens QA's stage: the sandbox, the commands, the files. A sandbox that does not isolate was
 * announced at the start of the run; the report repeats its warning.
 */
export async function startQa(ctx: StageContext): Promise<QaSession> {
  const sandbox = await ctx.sandbox();
  const design = designCommands(ctx);
  const source = ctx.inputs.find((input) => input.kind === 'source_code')?.content as { files?: { path?: unknown }[] } | undefined;
  const engineerFiles = (source?.files ?? []).flatMap((file) => (typeof file.path === 'string' ? [file.path] : []));
  const testCommand = design.test ?? fallbackTestCommand(await readProjectFacts(ctx.workspace), await availableTools(ctx.workspace));
  return { sandbox, design, testCommand, engineerFiles };
}

/**
 * Runs the validation pipeline and records its verdict as a `test.result` event. The verdict is
 * the commands' exit codes and the runner's counts, never a model's opinion.
 */
export async function validateProject(ctx: StageContext, session: QaSession, options: { round: number; previousInstall?: StepResult }): Promise<PipelineRun> {
  const pipeline = { sandbox: session.sandbox, workspace: ctx.workspace, events: ctx.events, stageId: ctx.stage.id, design: session.design, ...(ctx.sandboxSettings ? { settings: ctx.sandboxSettings } : {}) };
  const run = await runPipeline(pipeline, options.previousInstall ? { previousInstall: options.previousInstall } : {});
  const verdict = judgePipeline(run);
  const test = run.steps.find((step) => step.step === 'test');
  await ctx.events.emit(
    'test.result',
    {
      command: test?.command ?? session.testCommand,
      exitCode: test?.exit_code ?? null,
      status: verdict.status,
      testsPass: verdict.testsPass,
      failing: verdict.failing,
      round: options.round,
      ...(verdict.totals ?? {}),
      timedOut: test?.timed_out ?? false,
      driver: session.sandbox.name,
    },
    { stageId: ctx.stage.id },
  );
  return run;
}
