import type { TestReport } from '../schemas/test-report.js';
import { blockquote, bulletList, codeBlock, heading, inlineCode, section, table } from './markdown.js';

const STATUS: Record<TestReport['status'], string> = {
  pass: '**PASS**: every test passed',
  fail: '**FAIL**: some tests failed',
  error: '**ERROR**: the tests could not run',
};

export function renderTestReport(report: TestReport): string[] {
  const { totals } = report;
  const overview = [
    STATUS[report.status],
    `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
    ...(report.coverage === undefined ? [] : [`Line coverage: ${report.coverage.lines_pct}%`]),
    `Sandbox: ${report.sandbox.driver}`,
  ];
  const warning = report.sandbox.isolation_warning === undefined ? '' : `\n\n${blockquote(`**Warning:** ${report.sandbox.isolation_warning}`)}`;
  const commands = table(
    ['Name', 'Command', 'Exit code', 'Duration', 'Timed out'],
    report.commands.map((c) => [
      c.name,
      inlineCode(c.command),
      c.exit_code === null ? 'none' : String(c.exit_code),
      `${(c.duration_ms / 1000).toFixed(1)} s`,
      c.timed_out ? 'yes' : 'no',
    ]),
  );
  const outputs = report.commands
    .filter((c) => c.output.trim() !== '')
    .map((c) => `${heading(3, `Output of ${c.name}`)}\n\n${codeBlock(c.output, 'text')}`)
    .join('\n\n');
  return [
    section('Result', `${bulletList(overview)}${warning}`),
    section('Summary', report.summary),
    section('Commands', report.commands.length === 0 ? '' : `${commands}${outputs === '' ? '' : `\n\n${outputs}`}`),
    section('Failures', bulletList(report.failures.map((f) => `**${f.name}**: ${f.message}`))),
  ];
}
