import { describe, expect, it } from 'vitest';
import { testReportSchema } from '../../documents/index.js';
import { buildTestReport, failureSignature, judgePipeline } from './build-report.js';
import type { PipelineRun, StepResult } from './run-pipeline.js';

function step(over: Partial<StepResult> & Pick<StepResult, 'step'>): StepResult {
  return { name: over.step, command: over.step, exit_code: 0, duration_ms: 5, timed_out: false, outcome: 'passed', output: '', fullOutput: '', ...over };
}

const passingTests = step({ step: 'test', command: 'node --test', fullOutput: '# pass 4\n# fail 0\n# all files | 90.00 | 80.00 |', output: '# pass 4' });
const failingTests = step({ step: 'test', command: 'node --test', exit_code: 1, outcome: 'failed', note: 'exited 1', fullOutput: "not ok 1 - adds\n  ---\n  error: 'boom'\n  ...\n# pass 3\n# fail 1\n# duration_ms 12.5", output: "not ok 1 - adds\n# duration_ms 12.5" });

function pipeline(steps: StepResult[], findings: PipelineRun['scan']['findings'] = []): PipelineRun {
  return { steps, skipped: [{ step: 'lint', reason: 'no "lint" script in package.json' }], scan: { files_scanned: 3, findings }, sandbox: { driver: 'bubblewrap' } };
}

describe('judgePipeline', () => {
  it('passes when every step passed; a started smoke run is not a failure', () => {
    expect(judgePipeline(pipeline([passingTests, step({ step: 'smoke', outcome: 'started', exit_code: null, timed_out: true })]))).toMatchObject({ status: 'pass', testsPass: true, failing: [] });
  });

  it('fails on failing tests, on any failed step and on a high scan finding even when the tests pass', () => {
    expect(judgePipeline(pipeline([failingTests]))).toMatchObject({ status: 'fail', testsPass: false, failing: ['test'] });
    expect(judgePipeline(pipeline([passingTests, step({ step: 'smoke', outcome: 'failed', exit_code: 1 })]))).toMatchObject({ status: 'fail', testsPass: true, failing: ['smoke'] });
    const finding = { file: 'a.js', line: 1, rule: 'api-key', severity: 'high' as const, message: 'm', excerpt: 'x' };
    expect(judgePipeline(pipeline([passingTests], [finding]))).toMatchObject({ status: 'fail', testsPass: true, failing: ['static scan'] });
    expect(judgePipeline(pipeline([passingTests], [{ ...finding, severity: 'medium' }])).status).toBe('pass');
  });

  it('is an error when the tests could not run: failed install, a crash before any test, no test at all', () => {
    const install = step({ step: 'install', outcome: 'failed', exit_code: 1 });
    expect(judgePipeline(pipeline([install])).status).toBe('error');
    expect(judgePipeline(pipeline([step({ step: 'test', outcome: 'failed', exit_code: 127, fullOutput: 'sh: 1: pytest: not found' })]))).toMatchObject({ status: 'error', testsPass: false });
    expect(judgePipeline(pipeline([step({ step: 'test', fullOutput: '# tests 0\n# pass 0\n# fail 0' })]))).toMatchObject({ status: 'fail', testsPass: false, failing: ['test'] });
  });
});

describe('buildTestReport', () => {
  it('writes a valid report that says plainly whether the tests pass, with failures, coverage and the rounds', () => {
    const report = buildTestReport(pipeline([failingTests]), { fixRounds: [{ round: 1, failing: ['test'], cause: 'c', files: ['a.js'], outcome: 'still_failing' }] });
    expect(testReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ status: 'fail', tests_pass: false, totals: { passed: 3, failed: 1, skipped: 0 }, failures: [{ name: 'adds', message: 'boom' }] });
    expect(report.summary).toBe("The project's tests do not pass: `node --test` exited 1 (3 passed, 1 failed). 1 fix round did not repair it.");
    expect(report.commands[0]).not.toHaveProperty('fullOutput');

    const passed = buildTestReport(pipeline([passingTests]));
    expect(passed.summary).toBe("The project's tests pass: `node --test` exited 0 (4 passed, 0 failed).");
    expect(passed.coverage).toEqual({ lines_pct: 90 });
    expect(passed.skipped).toEqual([{ step: 'lint', reason: 'no "lint" script in package.json' }]);
  });
});

describe('a test command that proves nothing', () => {
  it('does not count `echo ok` exiting 0 as passing tests: the report says it is unverified', () => {
    const echo = step({ step: 'test', command: 'echo ok', fullOutput: 'ok\n', output: 'ok' });
    expect(judgePipeline(pipeline([echo]))).toMatchObject({ status: 'error', testsPass: false, failing: ['test'] });
    const report = buildTestReport(pipeline([echo]));
    expect(report.tests_pass).toBe(false);
    expect(report.summary).toBe("The project's tests are unverified: `echo ok` exited 0 but no test runner output was recognised, so nothing shows the tests ran.");
  });
});

describe('failureSignature', () => {
  it('is the same for the same failure whatever the timings, and differs for another failure', () => {
    const again = { ...failingTests, output: "not ok 1 - adds\n# duration_ms 99.1" };
    expect(failureSignature(pipeline([failingTests]))).toBe(failureSignature(pipeline([again])));
    expect(failureSignature(pipeline([failingTests]))).not.toBe(failureSignature(pipeline([{ ...failingTests, output: 'not ok 1 - removes' }])));
  });
});
