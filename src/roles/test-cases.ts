/** How one test ended, as a runner's per-test line says. */
export type TestOutcome = 'passed' | 'failed' | 'skipped';

export interface TestLine {
  /** The test's own name: a TAP or spec line's name, the last part of a pytest node id or a vitest path. */
  name: string;
  /** The file, when the line names it (pytest node ids, vitest paths). */
  file?: string;
  outcome: TestOutcome;
}

const TAP = /^\s*(not ok|ok) \d+ - (.*?)(?:\s+#\s*(SKIP|TODO)\b.*)?$/i;
/** node --test's spec reporter and jest: `✔ name (1.2ms)`; the stored output has timings replaced by `…`. */
const SPEC = /^\s*([✔✓✖✕×﹣↓])\s+(.+?)(?:\s+\((?:[\d.]+\s?m?s|…)\))?(?:\s+#\s*SKIP\b.*)?$/;
const FILE_SUMMARY = /\(\d+ tests?(?: \| \d+ \w+)*\)/;
// A node id's parameters (`test_x[args0-not 'ten']`) may hold spaces: they run to the bracket.
const PYTEST_SUMMARY = /^(PASSED|FAILED|ERROR|XPASS|XFAIL)\s+(\S+::[^\s[]+(?:\[.*?\])?)(?:\s+-\s|$)/;
const PYTEST_VERBOSE = /^(\S+::[^\s[]+(?:\[.*?\])?)\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b/;

function tapName(text: string): string {
  return text.replace(/\\#/g, '#').replace(/\\\\/g, '\\').trim();
}

function pytestLine(nodeId: string, status: string): TestLine {
  const [file, ...rest] = nodeId.split('::');
  const name = (rest.at(-1) ?? nodeId).replace(/\[.*\]$/, '');
  const outcome: TestOutcome = status === 'PASSED' || status === 'XPASS' ? 'passed' : status === 'SKIPPED' || status === 'XFAIL' ? 'skipped' : 'failed';
  return { name, file: file!, outcome };
}

function specLine(mark: string, text: string): TestLine {
  const outcome: TestOutcome = mark === '✔' || mark === '✓' ? 'passed' : mark === '﹣' || mark === '↓' ? 'skipped' : 'failed';
  // vitest names a test by its path: `test/a.test.ts > suite > name`.
  const parts = text.split(' > ');
  const file = parts.length > 1 && /\.[cm]?[jt]sx?$/.test(parts[0]!) ? parts[0]! : undefined;
  return { name: (parts.at(-1) ?? text).replace(/\s+\d+\s?ms$/, '').trim(), ...(file ? { file } : {}), outcome };
}

/**
 * The per-test lines of a test command's output: TAP (`ok 3 - name`, node --test's default
 * when not on a terminal), spec reporters (node, jest, vitest's verbose), and pytest's `-v`
 * lines or its `-rA` summary. Empty when the output shows only totals, as `pytest -q` does.
 */
export function parseTestLines(output: string): TestLine[] {
  const lines: TestLine[] = [];
  for (const line of output.split(/\r?\n/)) {
    const tap = TAP.exec(line);
    if (tap) {
      lines.push({ name: tapName(tap[2]!), outcome: tap[3] ? 'skipped' : tap[1]!.toLowerCase() === 'ok' ? 'passed' : 'failed' });
      continue;
    }
    const summary = PYTEST_SUMMARY.exec(line.trim());
    if (summary) {
      lines.push(pytestLine(summary[2]!, summary[1]!));
      continue;
    }
    const verbose = PYTEST_VERBOSE.exec(line.trim());
    if (verbose) {
      lines.push(pytestLine(verbose[1]!, verbose[2]!));
      continue;
    }
    const spec = SPEC.exec(line);
    // vitest's and jest's default reporters give a line per file, `✓ test/a.test.ts (8 tests)`: no test's own result.
    if (spec && !FILE_SUMMARY.test(spec[2]!)) lines.push(specLine(spec[1]!, spec[2]!));
  }
  return lines;
}

function normalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

function normalizeFile(file: string): string {
  return file.replace(/^\.\//, '').replace(/\\/g, '/');
}

/** A plan's test name against a runner's line: equal, or equal to its last part (`Suite::test`, `suite > test`). */
function sameTest(caseName: string, caseFile: string, line: TestLine): boolean {
  if (line.file !== undefined && normalizeFile(line.file) !== normalizeFile(caseFile) && !normalizeFile(caseFile).endsWith(`/${normalizeFile(line.file)}`)) return false;
  const wanted = normalizeName(caseName);
  const got = normalizeName(line.name);
  if (wanted === got) return true;
  const leaf = normalizeName(wanted.split(/::| > /).at(-1) ?? wanted).replace(/\[.*\]$/, '');
  return leaf === got;
}

/**
 * What the output says of one acceptance test: passed (every line of it passed), failed (any
 * line failed), skipped (a line of it skipped: it did not run whole), or `not-seen`.
 */
export function caseOutcome(testCase: { test: string; file: string }, lines: readonly TestLine[]): TestOutcome | 'not-seen' {
  const matching = lines.filter((line) => sameTest(testCase.test, testCase.file, line));
  if (matching.length === 0) return 'not-seen';
  if (matching.some((line) => line.outcome === 'failed')) return 'failed';
  return matching.some((line) => line.outcome === 'skipped') ? 'skipped' : 'passed';
}

/** A named failure of the report (`name`, or a pytest node id) that is this test case. */
export function isNamedFailure(testCase: { test: string; file: string }, failureName: string): boolean {
  const asLine: TestLine = failureName.includes('::') ? pytestLine(failureName, 'FAILED') : { name: failureName, outcome: 'failed' };
  return sameTest(testCase.test, testCase.file, asLine);
}
