import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testReportExample } from '../examples/test-report.js';
import { testReportSchema, trimCommandOutput } from './test-report.js';
import { describeIssues } from '../validate-document.js';

function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('testReportSchema', () => {
  it('refuses a passing status with failed tests', () => {
    expect(problems(testReportSchema, testReportExample)).toEqual([]);
    const contradictory = { ...testReportExample, tests_pass: undefined, totals: { passed: 4, failed: 2, skipped: 0 } };
    expect(problems(testReportSchema, contradictory)).toEqual([
      'status: status is "pass" but 2 test(s) failed: set status to "fail"',
    ]);
  });

  it('refuses a passing status or tests_pass that contradicts the tests', () => {
    expect(problems(testReportSchema, { ...testReportExample, tests_pass: false })).toEqual([
      'status: status is "pass" but tests_pass is false: set status to "fail"',
    ]);
    const failing = { ...testReportExample, status: 'fail', failures: [{ name: 'adds', message: 'expected 1' }] };
    expect(problems(testReportSchema, failing)).toEqual(['tests_pass: tests_pass is true but 1 test(s) failed']);
  });

  it('still reads a report written before the pipeline fields existed', () => {
    const { tests_pass: _t, skipped: _s, static_scan: _scan, test_plan: _plan, fix_rounds: _rounds, ...old } = testReportExample;
    const commands = old.commands.map(({ step: _step, outcome: _outcome, ...command }) => command);
    expect(problems(testReportSchema, { ...old, commands })).toEqual([]);
  });

  it('accepts a null exit code for a killed command', () => {
    const killed = { ...testReportExample, status: 'error', commands: [{ ...testReportExample.commands[0]!, exit_code: null, timed_out: true }] };
    expect(problems(testReportSchema, killed)).toEqual([]);
  });
});

describe('trimCommandOutput', () => {
  it('keeps short output and trims long output to its start and end', () => {
    expect(trimCommandOutput('  ok \n')).toBe('ok');
    const long = `START${'x'.repeat(50_000)}END`;
    const trimmed = trimCommandOutput(long, 1_000);
    expect(trimmed.length).toBeLessThanOrEqual(1_000);
    expect(trimmed.startsWith('START')).toBe(true);
    expect(trimmed.endsWith('END')).toBe(true);
    expect(trimmed).toContain('characters trimmed');
  });
});
