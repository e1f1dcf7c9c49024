import { z } from 'zod';
import { field } from './fields.js';

/** Test output beyond this is trimmed before it is stored: the head and the tail carry the signal. */
export const TEST_OUTPUT_MAX_CHARS = 8_000;

/** Keeps the start and the end of long command output (where commands and failures are printed). */
export function trimCommandOutput(output: string, maxChars: number = TEST_OUTPUT_MAX_CHARS): string {
  const text = output.trim();
  if (text.length <= maxChars) return text;
  const marker = `\n… ${text.length - maxChars} characters trimmed …\n`;
  const keep = Math.max(0, maxChars - marker.length);
  const head = Math.floor(keep / 3);
  return text.slice(0, head) + marker + text.slice(text.length - (keep - head));
}

const count = (instruction: string, example: number) => field(z.number().int().min(0), instruction, example);

const commandSchema = z.object({
  name: field(z.string().min(1), 'What the command does.', 'unit tests'),
  command: field(z.string().min(1), 'The exact command line run.', 'npm test'),
  exit_code: field(z.number().int().nullable(), 'Exit code; null when the process was killed or never started.', 0),
  duration_ms: count('Wall-clock duration in milliseconds.', 2310),
  timed_out: field(z.boolean(), 'true when the command hit its time limit.', false),
  output: field(
    z.string().max(TEST_OUTPUT_MAX_CHARS + 100),
    'Combined stdout and stderr, trimmed to its start and end.',
    '✓ src/reading-list.test.ts (6 tests)',
  ),
});

export const testReportSchema = field(
  z
    .object({
      status: field(
        z.enum(['pass', 'fail', 'error']),
        'pass when every test passed, fail when a test failed, error when the tests could not run.',
        'pass',
      ),
      summary: field(z.string().min(1), 'What was tested and the outcome, in a few sentences.', 'All 6 unit tests pass.'),
      commands: field(z.array(commandSchema), 'Every command run, in order.'),
      totals: field(
        z.object({
          passed: count('Number of passing tests.', 6),
          failed: count('Number of failing tests.', 0),
          skipped: count('Number of skipped tests.', 0),
        }),
        'Test counts over all commands.',
      ),
      failures: field(
        z.array(
          z.object({
            name: field(z.string().min(1), 'Name of the failing test.', 'finish marks the book as read'),
            message: field(z.string().min(1), 'The assertion or error message.', 'expected undefined to be defined'),
          }),
        ),
        'Each failing test; an empty list when none failed.',
      ),
      coverage: field(
        z.object({ lines_pct: field(z.number().min(0).max(100), 'Line coverage in percent.', 91.5) }).optional(),
        'Coverage, when the test run measured it.',
      ),
      sandbox: field(
        z.object({
          driver: field(z.string().min(1), 'Sandbox driver that ran the commands.', 'bubblewrap'),
          isolation_warning: field(
            z.string().min(1).optional(),
            'Set when the commands ran without real isolation, saying what was missing.',
            'bubblewrap not found: ran as a plain process without network or filesystem isolation',
          ),
        }),
        'Where the commands ran.',
      ),
    })
    .superRefine((report, ctx) => {
      if (report.status === 'pass' && (report.totals.failed > 0 || report.failures.length > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          message: `status is "pass" but ${Math.max(report.totals.failed, report.failures.length)} test(s) failed: set status to "fail"`,
        });
      }
    }),
  'Test report: what the QA engineer ran and what happened.',
);

export type TestReport = z.infer<typeof testReportSchema>;
export type TestCommand = TestReport['commands'][number];
