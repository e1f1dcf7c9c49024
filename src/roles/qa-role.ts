import type { SandboxDriver, SandboxResult } from '../sandbox/sandbox.js';
import type { StageContext } from './stage-context.js';
import { trimCommandOutput } from '../documents/index.js';
import { parseTapFailures, parseTestTotals, type TestFailure } from './test-output.js';

interface CommandRun {
  name: string;
  command: string;
  exit_code: number | null;
  duration_ms: number;
  timed_out: boolean;
  output: string;
}

const TEST_TIMEOUT_MS = 120_000;

/** The commands the architect declared, or the stack's usual ones when the design is silent. */
async function projectCommands(ctx: StageContext): Promise<{ install?: string; test: string }> {
  const design = ctx.inputs.find((input) => input.kind === 'system_design')?.content as
    | { commands?: { install?: string; test?: string } }
    | undefined;
  const files = await ctx.workspace.listFiles();
  const hasPackageJson = files.includes('package.json');
  const fallbackTest = hasPackageJson ? 'npm test' : files.some((f) => f.endsWith('.py')) ? 'python3 -m pytest -q' : 'node --test';
  const install = design?.commands?.install?.trim();
  return { install: install && install.length > 0 ? install : undefined, test: design?.commands?.test?.trim() || fallbackTest };
}

async function runInSandbox(sandbox: SandboxDriver, ctx: StageContext, name: string, command: string, network: boolean): Promise<CommandRun & { raw: SandboxResult }> {
  // The command comes from a model: it runs inside the sandbox, never in the user's shell.
  const raw = await sandbox.run({ argv: ['sh', '-c', command], cwd: ctx.workspace.root, timeoutMs: TEST_TIMEOUT_MS, memoryMb: 1024, maxProcesses: 256, network });
  const output = `${raw.stdout}${raw.stderr ? `\n${raw.stderr}` : ''}`;
  return { name, command, exit_code: raw.exitCode, duration_ms: raw.durationMs, timed_out: raw.timedOut, output: trimCommandOutput(output), raw };
}

/**
 * QA's behaviour: run the project's own tests in the sandbox and report what really happened.
 * The report is built from the exit codes and the runner's output, not from a model's opinion.
 */
export async function runProjectTests(ctx: StageContext): Promise<{ value: unknown }> {
  const sandbox = await ctx.sandbox();
  if (!sandbox.isolated && sandbox.warning) {
    await ctx.events.emit('sandbox.warning', { driver: sandbox.name, warning: sandbox.warning }, { stageId: ctx.stage.id });
  }
  const commands = await projectCommands(ctx);
  const runs: CommandRun[] = [];

  if (commands.install) {
    const install = await runInSandbox(sandbox, ctx, 'install', commands.install, true);
    runs.push(install);
    if (install.exit_code !== 0) return { value: report(sandbox, runs, 'error', `Installing dependencies failed (exit ${install.exit_code ?? 'none'}); the tests were not run.`, [], undefined) };
  }

  const test = await runInSandbox(sandbox, ctx, 'test', commands.test, false);
  runs.push(test);
  const fullOutput = `${test.raw.stdout}\n${test.raw.stderr}`;
  const totals = parseTestTotals(fullOutput);
  const failures = parseTapFailures(fullOutput);
  const passed = test.exit_code === 0 && !test.timed_out;
  const status = passed ? 'pass' : totals ? 'fail' : 'error';
  const summary = passed
    ? `All tests pass: \`${commands.test}\` exited 0${totals ? ` (${totals.passed} passed, ${totals.skipped} skipped)` : ''}.`
    : test.timed_out
      ? `\`${commands.test}\` did not finish within ${TEST_TIMEOUT_MS / 1000} s and was stopped.`
      : `\`${commands.test}\` exited ${test.exit_code ?? 'without a code'}${totals ? `: ${totals.failed} failed, ${totals.passed} passed` : ''}.`;
  await ctx.events.emit(
    'test.result',
    { command: commands.test, exitCode: test.exit_code, status, ...(totals ?? {}), timedOut: test.timed_out, driver: sandbox.name },
    { stageId: ctx.stage.id },
  );
  return { value: report(sandbox, runs, status, summary, failures, totals) };
}

function report(
  sandbox: SandboxDriver,
  commands: CommandRun[],
  status: 'pass' | 'fail' | 'error',
  summary: string,
  failures: TestFailure[],
  totals: { passed: number; failed: number; skipped: number } | undefined,
): unknown {
  return {
    status,
    summary,
    commands: commands.map(({ name, command, exit_code, duration_ms, timed_out, output }) => ({ name, command, exit_code, duration_ms, timed_out, output })),
    totals: totals ?? { passed: 0, failed: 0, skipped: 0 },
    failures,
    sandbox: sandbox.warning ? { driver: sandbox.name, isolation_warning: sandbox.warning } : { driver: sandbox.name },
  };
}
