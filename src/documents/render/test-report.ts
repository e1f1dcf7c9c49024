import { PIPELINE_STEPS, type TestReport } from '../schemas/test-report.js';
import { blockquote, bulletList, codeBlock, heading, inlineCode, section, table } from './markdown.js';

const STATUS: Record<TestReport['status'], string> = {
  pass: '**PASS**: every step passed',
  fail: '**FAIL**: a test or a check failed',
  error: '**ERROR**: the tests could not run',
};

const FIX_OUTCOME: Record<NonNullable<TestReport['fix_rounds']>[number]['outcome'], string> = {
  passing: 'passing afterwards',
  still_failing: 'still failing',
  repeated: 'same fix for the same failure: stopped',
  rejected: 'edits could not be applied: stopped',
};

/** The one line a reader looks for first; absent in reports written before the pipeline said it. */
function testsVerdict(report: TestReport): string[] {
  if (report.tests_pass === undefined) return [];
  return [report.tests_pass ? "The project's own tests **pass**." : "The project's own tests **do not pass**."];
}

/** A command's place in the pipeline; one without a step (older reports) stays after the one before it. */
function stepOrder(step: string | undefined, previous: number): number {
  const index = PIPELINE_STEPS.indexOf(step as (typeof PIPELINE_STEPS)[number]);
  return index === -1 ? previous : index;
}

/** Rows in pipeline order, skipped steps in their place, so a reader sees what was not checked and where. */
function pipelineTable(report: TestReport): string {
  const rows: { order: number; cells: string[] }[] = [];
  for (const c of report.commands) {
    const outcome = c.outcome ?? (c.timed_out ? 'timed_out' : c.exit_code === 0 ? 'passed' : 'failed');
    const exit = c.exit_code === null ? 'none' : String(c.exit_code);
    rows.push({ order: stepOrder(c.step, rows.at(-1)?.order ?? -1), cells: [c.step ?? c.name, outcome, inlineCode(c.command), exit, `${(c.duration_ms / 1000).toFixed(1)} s`, c.note ?? ''] });
  }
  for (const skipped of report.skipped ?? []) rows.push({ order: stepOrder(skipped.step, -1), cells: [skipped.step, 'skipped', '', '', '', skipped.reason] });
  // Array.prototype.sort is stable: rows of one step keep the order they ran in.
  const sorted = [...rows].sort((a, b) => a.order - b.order);
  return table(['Step', 'Outcome', 'Command', 'Exit code', 'Duration', 'Note'], sorted.map((row) => row.cells));
}

function staticScan(report: TestReport): string[] {
  const scan = report.static_scan;
  if (scan === undefined) return [];
  const body =
    scan.findings.length === 0
      ? `No secrets or dangerous calls found in ${scan.files_scanned} files.`
      : `${scan.findings.length} finding(s) in ${scan.files_scanned} files scanned.\n\n${table(
          ['Severity', 'Location', 'Rule', 'Finding', 'Line'],
          scan.findings.map((f) => [f.severity, inlineCode(`${f.file}:${f.line}`), f.rule, f.message, inlineCode(f.excerpt)]),
        )}`;
  return [section('Static Scan', body)];
}

function testPlan(report: TestReport): string[] {
  const plan = report.test_plan;
  if (plan === undefined) return [];
  const cases = table(['User story', 'Test', 'File'], plan.cases.map((c) => [c.user_story, c.test, inlineCode(c.file)]));
  return [section('Test Plan', `${plan.approach.trim()}\n\n${cases}`)];
}

function fixRounds(report: TestReport): string[] {
  const rounds = report.fix_rounds;
  if (rounds === undefined) return [];
  const body =
    rounds.length === 0
      ? report.status === 'pass'
        ? 'No fix round was needed.'
        : 'No fix round was run.'
      : table(
          ['Round', 'Failing', 'Cause', 'Files changed', 'Outcome', 'Commit'],
          rounds.map((r) => [String(r.round), r.failing.join(', '), r.cause, r.files.map(inlineCode).join(', '), FIX_OUTCOME[r.outcome], r.commit ? inlineCode(r.commit.slice(0, 7)) : '']),
        );
  return [section('Fix Rounds', body)];
}

export function renderTestReport(report: TestReport): string[] {
  const { totals } = report;
  const overview = [
    ...testsVerdict(report),
    // "Every step passed" must not hide the steps that never ran.
    report.status === 'pass' && (report.skipped ?? []).length > 0 ? `**PASS**: every step that ran passed; not run: ${(report.skipped ?? []).map((s) => s.step).join(', ')} (the table says why)` : STATUS[report.status],
    `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
    ...(report.coverage === undefined ? [] : [`Line coverage: ${report.coverage.lines_pct}%`]),
    `Sandbox: ${report.sandbox.driver}`,
  ];
  const warning = report.sandbox.isolation_warning === undefined ? '' : `\n\n${blockquote(`**Warning:** ${report.sandbox.isolation_warning}`)}`;
  const outputs = report.commands
    .filter((c) => c.output.trim() !== '')
    .map((c) => `${heading(3, `Output of ${c.name}`)}\n\n${codeBlock(c.output, 'text')}`)
    .join('\n\n');
  const hasRows = report.commands.length + (report.skipped?.length ?? 0) > 0;
  return [
    section('Result', `${bulletList(overview)}${warning}`),
    section('Summary', report.summary),
    ...testPlan(report),
    section('Commands', hasRows ? `${pipelineTable(report)}${outputs === '' ? '' : `\n\n${outputs}`}` : ''),
    section('Failures', bulletList(report.failures.map((f) => `**${f.name}**: ${f.message}`))),
    ...staticScan(report),
    ...fixRounds(report),
  ];
}
