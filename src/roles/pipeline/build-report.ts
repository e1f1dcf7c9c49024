import { createHash } from 'node:crypto';
import type { FixRound, TestPlan, TestReport } from '../../documents/index.js';
import { parseTestLines } from '../test-cases.js';
import { parseTestFailures, parseTestTotals, type TestTotals } from '../test-output.js';

/** The most tests the report lists by name. */
const MAX_TEST_RESULTS = 2_000;
import { parseLineCoverage } from './coverage.js';
import { withoutTimings } from './focus-output.js';
import type { PipelineRun, StepResult } from './run-pipeline.js';

/** Steps whose failure fails the report; a smoke run that `started` is not a failure. */
function failed(step: StepResult): boolean {
  return step.outcome === 'failed' || step.outcome === 'timed_out';
}

export interface PipelineVerdict {
  status: TestReport['status'];
  testsPass: boolean;
  /** Names of what failed, for the report, the events and the fix loop: steps and `static scan`. */
  failing: string[];
  totals?: TestTotals;
}

/**
 * The verdict is computed, never asked of a model. The tests pass only when the test command
 * exited 0 and the runner's output shows at least one test passing and none failing: an exit
 * code alone proves nothing (`echo ok` exits 0). The status is `error` when the tests could not
 * run or nothing shows they ran (install failed, no runner output recognised), `fail` when a
 * test, another step or a high-severity scan finding failed.
 */
export function judgePipeline(run: PipelineRun): PipelineVerdict {
  const test = run.steps.find((s) => s.step === 'test');
  const totals = test ? parseTestTotals(test.fullOutput) : undefined;
  const testsPass = test !== undefined && test.outcome === 'passed' && totals !== undefined && totals.passed > 0 && totals.failed === 0;
  const failing = run.steps.filter(failed).map((s) => s.step as string);
  if (test && !testsPass && !failing.includes('test')) failing.push('test');
  if (run.scan.findings.some((f) => f.severity === 'high')) failing.push('static scan');
  const installFailed = run.steps.some((s) => s.step === 'install' && failed(s));
  const couldNotRun = test === undefined || (!testsPass && totals === undefined && parseTestFailures(test.fullOutput).length === 0 && !test.timed_out);
  const status = installFailed || couldNotRun ? 'error' : failing.length > 0 ? 'fail' : 'pass';
  return { status, testsPass, failing, ...(totals ? { totals } : {}) };
}

function describeTests(test: StepResult | undefined, verdict: PipelineVerdict): string {
  if (test === undefined) return "The project's tests did not run.";
  const counts = verdict.totals ? ` (${verdict.totals.passed} passed, ${verdict.totals.failed} failed${verdict.totals.skipped ? `, ${verdict.totals.skipped} skipped` : ''})` : '';
  if (verdict.testsPass) return `The project's tests pass: \`${test.command}\` exited 0${counts}.`;
  if (test.timed_out) return `The project's tests do not pass: \`${test.command}\` did not finish in time and was stopped${counts}.`;
  if (test.outcome === 'passed' && verdict.totals === undefined) {
    return `The project's tests are unverified: \`${test.command}\` exited 0 but no test runner output was recognised, so nothing shows the tests ran.`;
  }
  if (test.outcome === 'passed') return `The project's tests do not pass: \`${test.command}\` exited 0 but no test passed${counts}.`;
  return `The project's tests do not pass: \`${test.command}\` ${test.note ?? 'failed'}${counts}.`;
}

function describeRounds(rounds: FixRound[] | undefined, testsPass: boolean): string {
  if (rounds === undefined || rounds.length === 0) return '';
  const plural = (n: number) => `${n} fix round${n === 1 ? '' : 's'}`;
  const last = rounds.at(-1)!;
  const applied = rounds.length - 1;
  if (last.outcome === 'repeated') return `The fix loop stopped in round ${last.round}: the engineer proposed the same fix again for the same failure, after ${plural(applied)} that did not repair it.`;
  if (last.outcome === 'rejected') return `The fix loop stopped in round ${last.round}: the engineer's edits could not be applied${applied > 0 ? `, after ${plural(applied)} that did not repair it` : ''}.`;
  return testsPass ? `Reached after ${plural(rounds.length)}.` : `${plural(rounds.length)} did not repair it.`;
}

/** The test_report document for a pipeline run, its verdict, QA's plan and the fix rounds so far. */
export function buildTestReport(run: PipelineRun, extra: { plan?: TestPlan; fixRounds?: FixRound[]; noFixReason?: string } = {}): TestReport {
  const verdict = judgePipeline(run);
  const test = run.steps.find((s) => s.step === 'test');
  const others = verdict.failing.filter((name) => name !== 'test').map((name) => {
    const step = run.steps.find((s) => s.step === name);
    return step ? `${step.name} (\`${step.command}\` ${step.note ?? step.outcome})` : `${name} (${run.scan.findings.filter((f) => f.severity === 'high').length} high-severity finding(s))`;
  });
  const summary = [
    describeTests(test, verdict),
    others.length > 0 ? `Also failing: ${others.join('; ')}.` : '',
    describeRounds(extra.fixRounds, verdict.testsPass),
    verdict.status !== 'pass' && (extra.fixRounds ?? []).length === 0 && extra.noFixReason ? `No fix round was run: ${extra.noFixReason}.` : '',
  ].filter((s) => s !== '').join(' ');
  const coverage = test ? parseLineCoverage(test.fullOutput) : undefined;
  // By name, so each user story's acceptance test can be found among them (the stored output keeps failures only).
  const results = test ? parseTestLines(test.fullOutput).slice(0, MAX_TEST_RESULTS).map((line) => ({ name: line.name.slice(0, 300), ...(line.file ? { file: line.file.slice(0, 300) } : {}), outcome: line.outcome })) : [];
  return {
    status: verdict.status,
    tests_pass: verdict.testsPass,
    summary,
    commands: run.steps.map(({ fullOutput: _full, ...step }) => step),
    skipped: run.skipped,
    ...(results.length > 0 ? { test_results: results } : {}),
    totals: verdict.totals ?? { passed: 0, failed: 0, skipped: 0 },
    failures: test && !verdict.testsPass ? parseTestFailures(test.fullOutput) : [],
    ...(coverage === undefined ? {} : { coverage: { lines_pct: coverage } }),
    static_scan: run.scan,
    ...(extra.plan ? { test_plan: extra.plan } : {}),
    fix_rounds: extra.fixRounds ?? [],
    sandbox: run.sandbox,
  };
}

/**
 * What makes two failures "the same": which steps failed and what they printed, without timings,
 * so a fix that changed nothing is recognised when the same failure comes back.
 */
export function failureSignature(run: PipelineRun): string {
  const verdict = judgePipeline(run);
  const parts = verdict.failing.map((name) => {
    const step = run.steps.find((s) => s.step === name);
    if (step) return `${name}\n${withoutTimings(step.output).replace(/\s+/g, ' ')}`;
    return `${name}\n${run.scan.findings.filter((f) => f.severity === 'high').map((f) => `${f.file}:${f.rule}`).join(',')}`;
  });
  return createHash('sha256').update(parts.join('\n---\n')).digest('hex');
}
