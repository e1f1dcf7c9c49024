import type { TestCommand, TestReport } from '../../src/documents/index.js';
import type { RunEvidence } from '../../bench/quality/evidence.js';

export const STORIES = ['As a developer, I want to add a todo, so that I remember it', 'As a developer, I want to list my todos, so that I see what is left'];

export function command(step: NonNullable<TestCommand['step']>, outcome: NonNullable<TestCommand['outcome']>, output = ''): TestCommand {
  return { name: step, step, command: step === 'test' ? 'node --test' : `${step} command`, exit_code: outcome === 'passed' ? 0 : 1, duration_ms: 10, timed_out: outcome === 'timed_out', outcome, output };
}

/** A final test report of a passing todo CLI whose plan maps each story to one acceptance test. */
export function passingReport(overrides: Partial<TestReport> = {}): TestReport {
  return {
    status: 'pass',
    tests_pass: true,
    summary: 'The tests pass.',
    commands: [command('syntax', 'passed'), command('test', 'passed', 'ok 1 - story: add a todo\nok 2 - story: list todos\n# pass 2\n# fail 0'), command('smoke', 'passed', 'Nothing to do.')],
    skipped: [{ step: 'install', reason: 'the project declares no dependencies' }],
    totals: { passed: 2, failed: 0, skipped: 0 },
    failures: [],
    coverage: { lines_pct: 97.5 },
    test_plan: {
      approach: 'End to end through the CLI.',
      cases: [
        { user_story: STORIES[0]!, test: 'story: add a todo', file: 'test/acceptance.test.js' },
        { user_story: STORIES[1]!, test: 'story: list todos', file: 'test/acceptance.test.js' },
      ],
    },
    fix_rounds: [],
    sandbox: { driver: 'bubblewrap' },
    ...overrides,
  };
}

export function evidence(overrides: Partial<RunEvidence> = {}): RunEvidence {
  return {
    runId: 'r-12345678',
    status: 'succeeded',
    error: null,
    interrupted: false,
    userStories: STORIES,
    report: passingReport(),
    sourceFiles: [{ path: 'src/cli.js', text: 'export const run = () => 0;\n' }],
    unreadableSourceFiles: [],
    reviews: [{ verdict: 'approve', summary: 'Fine.', comments: [] }],
    fixRounds: 0,
    timeline: [
      { type: 'run.started', at: '2026-12-04T10:00:00.000Z' },
      { type: 'stage.started', at: '2026-12-04T10:00:01.000Z' },
      { type: 'run.finished', at: '2026-12-04T10:01:40.000Z' },
    ],
    cost: { inputTokens: 1000, outputTokens: 500, costUsd: '0.0125', unpricedCalls: 0, tokensPerLine: 12.5 },
    answeredBy: ['openai:gpt-4.1-mini'],
    ...overrides,
  };
}
