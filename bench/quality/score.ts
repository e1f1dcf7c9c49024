import type { TestCommand, TestReport } from '../../src/documents/index.js';
import type { RunEvidence, TimelineEvent } from './evidence.js';
import { known, unknown, type Measured } from './measured.js';
import { scanForPlaceholders } from './placeholders.js';
import { FINISHED_STATUSES } from './plan-project.js';
import { requirementCoverage, type StoryCoverage } from './requirement-coverage.js';

export interface ProjectScores {
  /** 1 when the install (if any), the tests and the smoke run passed in the final validation. */
  executability: Measured<0 | 1>;
  /** 1 when no delivered code file holds a placeholder (ChatDev's rule). */
  completeness: Measured<0 | 1>;
  requirementCoverage: Measured<StoryCoverage> & { lowerBound?: number };
  /** Line coverage in percent, where the stack's runner printed it. */
  testCoverage: Measured<number>;
  /** Blocker and major comments in the final version of every review. */
  blockersLeft: Measured<number>;
  fixRounds: Measured<number>;
  tokens: Measured<number>;
  costUsd: Measured<number>;
  tokensPerLine: Measured<number>;
  wallSeconds: Measured<number>;
}

export type ScoreName = keyof ProjectScores;

export function scoreProject(evidence: RunEvidence): ProjectScores {
  if (!FINISHED_STATUSES.has(evidence.status)) {
    const why = `the run has not finished (${evidence.interrupted ? 'interrupted' : evidence.status}): run the benchmark again to resume it`;
    return { executability: unknown(why), completeness: unknown(why), requirementCoverage: unknown(why), testCoverage: unknown(why), blockersLeft: unknown(why), fixRounds: unknown(why), tokens: unknown(why), costUsd: unknown(why), tokensPerLine: unknown(why), wallSeconds: unknown(why) };
  }
  const cost = evidence.cost;
  const noCost = 'atelier cost could not read the run';
  return {
    executability: executability(evidence),
    completeness: completeness(evidence),
    requirementCoverage: evidence.report === undefined && evidence.reportUnreadable ? unknown(evidence.reportUnreadable) : requirementCoverage(evidence.userStories, evidence.report),
    testCoverage: testCoverage(evidence),
    blockersLeft: blockersLeft(evidence),
    fixRounds: known(evidence.fixRounds),
    tokens: cost ? known(cost.inputTokens + cost.outputTokens) : unknown(noCost),
    costUsd: !cost ? unknown(noCost) : cost.unpricedCalls > 0 ? unknown(`${cost.unpricedCalls} call(s) went to a model with no known price (the priced ones cost $${cost.costUsd}); give its price in models.prices`) : known(Number(cost.costUsd)),
    tokensPerLine: cost?.tokensPerLine != null ? known(cost.tokensPerLine) : unknown('no delivered lines were counted'),
    wallSeconds: wallSeconds(evidence.timeline),
  };
}

type StepVerdict = { ok: true } | { ok: false; why: string } | { ok: 'unknown'; why: string };

function lastCommand(report: TestReport, step: TestCommand['step']): TestCommand | undefined {
  return report.commands.filter((command) => command.step === step).at(-1);
}

function skipped(report: TestReport, step: TestCommand['step']): string {
  return report.skipped?.find((entry) => entry.step === step)?.reason ?? 'not in the report';
}

function stepVerdicts(report: TestReport): StepVerdict[] {
  const install = lastCommand(report, 'install');
  const test = lastCommand(report, 'test');
  const smoke = lastCommand(report, 'smoke');
  return [
    // A project that declares no dependencies skips the install: nothing is missing.
    install === undefined || install.outcome === 'passed' ? { ok: true } : { ok: false, why: `the install ${install.outcome ?? 'failed'}` },
    test === undefined
      ? { ok: 'unknown', why: `no tests ran (${skipped(report, 'test')})` }
      : test.outcome === 'passed' && report.tests_pass !== false
        ? { ok: true }
        : { ok: false, why: `the tests ${test.outcome === 'passed' ? 'did not all pass' : (test.outcome ?? 'failed')}` },
    smoke === undefined
      ? { ok: 'unknown', why: `no smoke run (${skipped(report, 'smoke')})` }
      : smoke.outcome === 'passed' || smoke.outcome === 'started'
        ? { ok: true }
        : { ok: false, why: `the smoke run ${smoke.outcome ?? 'failed'}${smoke.note ? `: ${smoke.note}` : ''}` },
  ];
}

function executability(evidence: RunEvidence): Measured<0 | 1> {
  const report = evidence.report;
  if (report === undefined) return evidence.reportUnreadable ? unknown(evidence.reportUnreadable) : known(0, `the run ${evidence.status} before QA validated the project`);
  const verdicts = stepVerdicts(report);
  const failed = verdicts.filter((verdict) => verdict.ok === false);
  if (failed.length > 0) return known(0, failed.map((verdict) => verdict.why).join('; '));
  const undecided = verdicts.filter((verdict): verdict is { ok: 'unknown'; why: string } => verdict.ok === 'unknown');
  if (undecided.length > 0) return unknown(undecided.map((verdict) => verdict.why).join('; '));
  return known(1);
}

function completeness(evidence: RunEvidence): Measured<0 | 1> {
  if (evidence.sourceFiles === undefined) return known(0, `no code was delivered (the run ${evidence.status} without a source_code document)`);
  const { codeFiles, placeholders } = scanForPlaceholders(evidence.sourceFiles);
  const missing = evidence.unreadableSourceFiles.length > 0 ? `; not read: ${evidence.unreadableSourceFiles.slice(0, 3).join(', ')}` : '';
  if (codeFiles === 0) return known(0, `no code file among the ${evidence.sourceFiles.length} delivered${missing}`);
  if (placeholders.length === 0) return known(1, missing ? missing.slice(2) : undefined);
  const shown = placeholders.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.rule} \`${p.excerpt}\``);
  return known(0, `${placeholders.length} placeholder(s): ${shown.join('; ')}${placeholders.length > 3 ? '; …' : ''}`);
}

function testCoverage(evidence: RunEvidence): Measured<number> {
  const report = evidence.report;
  if (report === undefined) return unknown(evidence.reportUnreadable ?? 'no test report');
  if (report.coverage === undefined) return unknown("the test run printed no coverage (the stack's runner does not report it, or the command did not ask)");
  return known(report.coverage.lines_pct);
}

function blockersLeft(evidence: RunEvidence): Measured<number> {
  if (evidence.reviews.length === 0) return unknown('no review was written');
  const severities = evidence.reviews.flatMap((review) => review.comments.map((comment) => comment.severity));
  const blockers = severities.filter((severity) => severity === 'blocker').length;
  const majors = severities.filter((severity) => severity === 'major').length;
  return known(blockers + majors, blockers + majors > 0 ? `${blockers} blocker, ${majors} major in ${evidence.reviews.length} review(s)` : undefined);
}

const STARTS = new Set(['run.started', 'run.resumed']);
const ENDS = new Set(['run.finished', 'run.failed', 'run.stopped', 'run.parked']);

/**
 * Wall time summed over the run's sessions: from each start or resume to the event that ended
 * it, or, for a session that was killed, to its last event before the next resume.
 */
export function wallSeconds(timeline: readonly TimelineEvent[]): Measured<number> {
  let total = 0;
  let start: number | undefined;
  let last: number | undefined;
  let sessions = 0;
  for (const event of timeline) {
    const at = Date.parse(event.at);
    if (!Number.isFinite(at)) continue;
    if (STARTS.has(event.type)) {
      if (start !== undefined && last !== undefined) total += last - start;
      start = at;
      sessions++;
    } else if (start !== undefined && ENDS.has(event.type)) {
      total += at - start;
      start = undefined;
    }
    last = at;
  }
  if (start !== undefined && last !== undefined) total += last - start;
  if (sessions === 0) return unknown('the event log has no run.started');
  return known(Math.round(total / 100) / 10, sessions > 1 ? `${sessions} sessions` : undefined);
}
