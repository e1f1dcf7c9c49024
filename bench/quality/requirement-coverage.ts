import type { TestReport } from '../../src/documents/index.js';
import { known, unknown, type Measured } from './measured.js';
import { caseOutcome, isNamedFailure, parseTestLines, type TestLine } from '../../src/roles/test-cases.js';

/** The share of the PRD's user stories whose acceptance tests ran and passed in the final validation. */
export interface StoryCoverage {
  covered: number;
  total: number;
}

type StoryVerdict = 'covered' | 'not-covered' | 'unknown';

function normalizeStory(story: string): string {
  return story.replace(/\s+/g, ' ').trim().replace(/[.!]+$/, '').toLowerCase();
}

/** The final output trimmed in the middle (see trimCommandOutput): a test missing from it may have run. */
const TRIMMED = /… \d+ characters trimmed …/;

/**
 * A story counts when QA's plan maps it to at least one test case and every one of its cases
 * ran and passed in the final validation, read from the final test command's per-test lines.
 * A case the report names as failing fails. A case the output does not show did not run when
 * the output lists every test the runner counted, and is unknown otherwise (only totals, a
 * trimmed output, a reporter that lists files). Any story left unknown makes the whole score
 * unknown (its JSON keeps the stories that did count).
 */
export function requirementCoverage(userStories: readonly string[] | undefined, report: TestReport | undefined): Measured<StoryCoverage> & { lowerBound?: number } {
  if (userStories === undefined) return unknown('the run wrote no PRD, so there are no user stories to count');
  const total = userStories.length;
  if (report === undefined) return known({ covered: 0, total }, 'no test report: QA did not validate the project');
  const test = report.commands.filter((command) => command.step === 'test').at(-1);
  if (test === undefined) return known({ covered: 0, total }, `the final validation ran no tests${skipReason(report)}`);
  if (report.totals.passed === 0 && report.totals.failed > 0) return known({ covered: 0, total }, 'no test passed in the final validation');
  const cases = report.test_plan?.cases ?? [];
  // The report lists each test by name when the runner printed them; older reports only keep the (focused) output.
  const lines: TestLine[] = report.test_results ?? parseTestLines(test.output);
  // A test missing from the output did not run only when the output lists every test the runner counted.
  const counted = report.totals.passed + report.totals.failed + report.totals.skipped;
  const listsEveryTest = lines.length > 0 && lines.length >= counted && (report.test_results !== undefined || !TRIMMED.test(test.output));
  const verdicts = userStories.map((story) => storyVerdict(story, cases, lines, report.failures, listsEveryTest));
  const covered = verdicts.filter((verdict) => verdict === 'covered').length;
  const undecided = verdicts.filter((verdict) => verdict === 'unknown').length;
  if (undecided > 0) {
    const why = lines.length === 0 ? 'the final test output lists no per-test results (only totals), so which acceptance tests passed cannot be read' : `the final test output lists ${lines.length} per-test results of the ${counted} tests counted (trimmed, or a reporter that lists only some), and some acceptance tests are not among them`;
    return { ...unknown(`${why}: ${undecided} of ${total} stories undecided`), lowerBound: covered };
  }
  const unmapped = cases.filter((testCase) => !userStories.some((story) => normalizeStory(story) === normalizeStory(testCase.user_story))).length;
  return known({ covered, total }, unmapped > 0 ? `${unmapped} test case(s) name a story that is not in the PRD` : undefined);
}

function skipReason(report: TestReport): string {
  const skipped = report.skipped?.find((entry) => entry.step === 'test');
  return skipped ? ` (${skipped.reason})` : '';
}

function storyVerdict(story: string, cases: NonNullable<TestReport['test_plan']>['cases'], lines: readonly TestLine[], failures: TestReport['failures'], listsEveryTest: boolean): StoryVerdict {
  const own = cases.filter((testCase) => normalizeStory(testCase.user_story) === normalizeStory(story));
  if (own.length === 0) return 'not-covered';
  let undecided = false;
  for (const testCase of own) {
    if (failures.some((failure) => isNamedFailure(testCase, failure.name))) return 'not-covered';
    const outcome = caseOutcome(testCase, lines);
    if (outcome === 'failed' || outcome === 'skipped') return 'not-covered';
    if (outcome === 'not-seen') {
      if (listsEveryTest) return 'not-covered';
      undecided = true;
    }
  }
  return undecided ? 'unknown' : 'covered';
}
