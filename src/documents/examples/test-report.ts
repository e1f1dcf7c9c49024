import type { TestReport } from '../schemas/test-report.js';

export const testReportExample: TestReport = {
  status: 'pass',
  tests_pass: true,
  summary: 'The project installs, type-checks and passes all 6 tests after one fix round; `reading list` runs and exits 0.',
  commands: [
    { name: 'install', step: 'install', command: 'npm install --no-audit --no-fund', exit_code: 0, duration_ms: 8400, timed_out: false, outcome: 'passed', output: 'added 42 packages in 8s' },
    { name: 'type check', step: 'typecheck', command: 'tsc --noEmit', exit_code: 0, duration_ms: 3100, timed_out: false, outcome: 'passed', output: '' },
    {
      name: 'tests',
      step: 'test',
      command: 'npm test',
      exit_code: 0,
      duration_ms: 2310,
      timed_out: false,
      outcome: 'passed',
      output: '✓ src/reading-list.test.ts (6 tests) 14ms\n\nTest Files  1 passed (1)\n     Tests  6 passed (6)',
    },
    { name: 'smoke run', step: 'smoke', command: 'node dist/cli.js list', exit_code: 0, duration_ms: 180, timed_out: false, outcome: 'passed', output: 'No books yet.' },
  ],
  skipped: [{ step: 'lint', reason: 'no "lint" script in package.json' }],
  totals: { passed: 6, failed: 0, skipped: 0 },
  failures: [],
  coverage: { lines_pct: 91.5 },
  static_scan: { files_scanned: 5, findings: [] },
  test_plan: {
    approach: 'Each P0 user story is exercised through the reading list module on a data file in a fresh temporary folder.',
    cases: [
      { user_story: 'As a reader, I want to add a book', test: 'add stores the book with the next id', file: 'test/acceptance.test.ts' },
      { user_story: 'As a reader, I want to mark a book as finished', test: 'finish hides the book from the list', file: 'test/acceptance.test.ts' },
    ],
  },
  fix_rounds: [
    { round: 1, failing: ['test'], cause: 'list() kept finished books instead of unfinished ones.', files: ['src/reading-list.ts'], outcome: 'passing', commit: '3f9a1c2e' },
  ],
  sandbox: { driver: 'bubblewrap' },
};
