import { describe, expect, it } from 'vitest';
import { scoreProject, wallSeconds } from '../../bench/quality/score.js';
import { command, evidence, passingReport } from './report-fixture.js';

describe('scoreProject', () => {
  it('scores a passing run: executable, complete, every story, its coverage, tokens, cost and time', () => {
    expect(scoreProject(evidence())).toEqual({
      executability: { value: 1 },
      completeness: { value: 1 },
      requirementCoverage: { value: { covered: 2, total: 2 } },
      testCoverage: { value: 97.5 },
      blockersLeft: { value: 0 },
      fixRounds: { value: 0 },
      tokens: { value: 1500 },
      costUsd: { value: 0.0125 },
      tokensPerLine: { value: 12.5 },
      wallSeconds: { value: 100 },
    });
  });

  it('is not executable when the install, the tests or the smoke run failed, and says which', () => {
    const install = evidence({ report: passingReport({ commands: [command('install', 'failed')] }) });
    expect(scoreProject(install).executability).toEqual({ value: 0, note: 'the install failed' });
    const tests = evidence({ report: passingReport({ commands: [command('test', 'failed'), command('smoke', 'passed')] }) });
    expect(scoreProject(tests).executability).toEqual({ value: 0, note: 'the tests failed' });
    const smoke = evidence({ report: passingReport({ commands: [command('test', 'passed'), { ...command('smoke', 'timed_out'), note: 'no output' }] }) });
    expect(scoreProject(smoke).executability).toEqual({ value: 0, note: 'the smoke run timed_out: no output' });
    const untrusted = evidence({ report: passingReport({ tests_pass: false, status: 'fail' }) });
    expect(scoreProject(untrusted).executability.value).toBe(0);
  });

  it('counts a server that was still running at the end of its smoke run as executable', () => {
    const server = evidence({ report: passingReport({ commands: [command('install', 'passed'), command('test', 'passed'), command('smoke', 'started')] }) });
    expect(scoreProject(server).executability).toEqual({ value: 1 });
  });

  it('is unknown, never a pass, when the tests or the smoke run were skipped', () => {
    const noSmoke = evidence({ report: passingReport({ commands: [command('test', 'passed')], skipped: [{ step: 'smoke', reason: 'the design declares no run command' }] }) });
    expect(scoreProject(noSmoke).executability).toEqual({ value: null, why: 'no smoke run (the design declares no run command)' });
    const noTests = evidence({ report: passingReport({ commands: [command('smoke', 'passed')], skipped: [{ step: 'test', reason: 'no test command' }] }) });
    expect(scoreProject(noTests).executability.value).toBeNull();
  });

  it('scores a run that ended before QA as not executable and no code as incomplete', () => {
    const early = scoreProject(evidence({ status: 'failed', report: undefined, sourceFiles: undefined, reviews: [] }));
    expect(early.executability).toEqual({ value: 0, note: 'the run failed before QA validated the project' });
    expect(early.completeness).toEqual({ value: 0, note: 'no code was delivered (the run failed without a source_code document)' });
    expect(early.requirementCoverage.value).toEqual({ covered: 0, total: 2 });
    expect(early.testCoverage.value).toBeNull();
    expect(early.blockersLeft.value).toBeNull();
  });

  it('is incomplete when a delivered code file holds a placeholder, and names it', () => {
    const score = scoreProject(evidence({ sourceFiles: [{ path: 'src/store.py', text: 'def load(path):\n    pass\n' }, { path: 'README.md', text: 'TODO' }] }));
    expect(score.completeness).toEqual({ value: 0, note: '1 placeholder(s): src/store.py:1 empty-function-body `def load(path):`' });
    expect(scoreProject(evidence({ sourceFiles: [{ path: 'README.md', text: '# Todo' }] })).completeness.value).toBe(0);
  });

  it('counts blocker and major comments left in the final reviews', () => {
    const reviews = [
      { verdict: 'request_changes' as const, summary: 'x', comments: [{ file: 'a.js', severity: 'blocker' as const, comment: 'data loss' }, { file: 'a.js', severity: 'nit' as const, comment: 'name' }] },
      { verdict: 'approve' as const, summary: 'y', comments: [{ file: 'b.js', severity: 'major' as const, comment: 'slow' }] },
    ];
    expect(scoreProject(evidence({ reviews })).blockersLeft).toEqual({ value: 2, note: '1 blocker, 1 major in 2 review(s)' });
  });

  it('is unknown for the cost when a model has no price, and for coverage the runner did not print', () => {
    const unpriced = scoreProject(evidence({ cost: { inputTokens: 10, outputTokens: 5, costUsd: '0.001', unpricedCalls: 3, tokensPerLine: null } }));
    expect(unpriced.costUsd.value).toBeNull();
    expect(unpriced.tokens.value).toBe(15);
    expect(unpriced.tokensPerLine.value).toBeNull();
    const { coverage: _dropped, ...withoutCoverage } = passingReport();
    expect(scoreProject(evidence({ report: withoutCoverage })).testCoverage.value).toBeNull();
  });

  it('scores nothing of a run that has not finished', () => {
    const scores = scoreProject(evidence({ status: 'running', interrupted: true }));
    for (const score of Object.values(scores)) expect(score).toEqual({ value: null, why: 'the run has not finished (interrupted): run the benchmark again to resume it' });
  });

  it('reads a stored report it cannot parse as unknown, not as a failure', () => {
    const scores = scoreProject(evidence({ report: undefined, reportUnreadable: 'the stored test_report v1 does not match' }));
    expect(scores.executability).toEqual({ value: null, why: 'the stored test_report v1 does not match' });
    expect(scores.requirementCoverage.value).toBeNull();
  });
});

describe('wallSeconds', () => {
  it('sums the sessions; a killed one lasts until its last event', () => {
    const timeline = [
      { type: 'run.started', at: '2026-12-04T10:00:00Z' },
      { type: 'stage.finished', at: '2026-12-04T10:00:30Z' },
      { type: 'run.resumed', at: '2026-12-04T11:00:00Z' },
      { type: 'run.stopped', at: '2026-12-04T11:00:20Z' },
      { type: 'run.resumed', at: '2026-12-04T12:00:00Z' },
      { type: 'run.finished', at: '2026-12-04T12:00:10Z' },
    ];
    expect(wallSeconds(timeline)).toEqual({ value: 60, note: '3 sessions' });
    expect(wallSeconds([]).value).toBeNull();
  });
});
