import type { TestReport } from '../schemas/test-report.js';

export const testReportExample: TestReport = {
  status: 'pass',
  summary: 'The project builds and all 6 unit tests pass.',
  commands: [
    { name: 'install', command: 'npm install', exit_code: 0, duration_ms: 8400, timed_out: false, output: 'added 42 packages in 8s' },
    {
      name: 'unit tests',
      command: 'npm test',
      exit_code: 0,
      duration_ms: 2310,
      timed_out: false,
      output: '✓ src/reading-list.test.ts (6 tests) 14ms\n\nTest Files  1 passed (1)\n     Tests  6 passed (6)',
    },
  ],
  totals: { passed: 6, failed: 0, skipped: 0 },
  failures: [],
  coverage: { lines_pct: 91.5 },
  sandbox: { driver: 'bubblewrap' },
};
