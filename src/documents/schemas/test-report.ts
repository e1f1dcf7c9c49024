import * as z from 'zod';
import { field } from './fields.js';
import { testPlanSchema } from './test-suite.js';

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

/** The validation pipeline's steps, in the order they run. */
export const PIPELINE_STEPS = ['install', 'syntax', 'typecheck', 'build', 'lint', 'test', 'smoke'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/**
 * passed: exit 0. failed: a non-zero exit. timed_out: stopped by its time limit. started: a
 * smoke run still running when its short time limit ended (a server), killed without crashing.
 */
export const STEP_OUTCOMES = ['passed', 'failed', 'timed_out', 'started'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

const commandSchema = z.object({
  name: field(z.string().min(1), 'What the command does.', 'unit tests'),
  step: field(z.enum(PIPELINE_STEPS).optional(), 'The pipeline step the command belongs to.', 'test'),
  command: field(z.string().min(1), 'The exact command line run.', 'npm test'),
  exit_code: field(z.number().int().nullable(), 'Exit code; null when the process was killed or never started.', 0),
  duration_ms: count('Wall-clock duration in milliseconds.', 2310),
  timed_out: field(z.boolean(), 'true when the command hit its time limit.', false),
  outcome: field(z.enum(STEP_OUTCOMES).optional(), 'How the step ended.', 'passed'),
  note: field(z.string().min(1).optional(), 'What the outcome means, when the exit code alone does not say.', 'printed its usage and exited 2'),
  output: field(
    z.string().max(TEST_OUTPUT_MAX_CHARS + 100),
    'Combined stdout and stderr, trimmed to what matters (failures, errors, the summary).',
    '✓ src/reading-list.test.ts (6 tests)',
  ),
});

const findingSchema = z.object({
  file: field(z.string().min(1), 'File the finding is in.', 'src/run.js'),
  line: field(z.number().int().min(1), 'Line of the finding.', 12),
  rule: field(z.string().min(1), 'Which rule matched.', 'shell-command-concatenation'),
  severity: field(z.enum(['high', 'medium']), 'high blocks the report (a secret, a shell injection); medium is a warning.', 'high'),
  message: field(z.string().min(1), 'What is wrong and what to do instead.', 'exec() runs a shell on a concatenated string: use execFile with an argument array.'),
  excerpt: field(z.string(), 'The line, trimmed, with any secret masked.', 'exec("rm " + name)'),
});

const fixRoundSchema = z.object({
  round: field(z.number().int().min(1), 'Round number, from 1.', 1),
  failing: field(z.array(z.string().min(1)), 'The steps that failed before this round.', ['test']),
  cause: field(z.string(), 'The root cause the engineer named.', 'list filtered the wrong way round'),
  files: field(z.array(z.string().min(1)), 'Files the round changed.', ['src/reading-list.ts']),
  outcome: field(
    z.enum(['passing', 'still_failing', 'repeated', 'rejected']),
    'passing: the pipeline passed afterwards; still_failing: it did not; repeated: the same fix for the same failure was proposed again, so the loop stopped; rejected: the edits could not be applied.',
    'passing',
  ),
  commit: field(z.string().min(1).optional(), 'The commit of the round, when it changed files.', '3f9a1c2'),
});

export const testReportSchema = field(
  z
    .object({
      status: field(
        z.enum(['pass', 'fail', 'error']),
        'pass when every step passed (then no test failed: totals.failed is 0, failures is empty, tests_pass is not false); fail when a test or a check failed; error when the tests could not run.',
        'pass',
      ),
      tests_pass: field(z.boolean().optional(), "true only when the project's own tests ran and every one passed (never while a test failed).", true),
      summary: field(z.string().min(1), 'What was tested and the outcome, in a few sentences.', 'All 6 unit tests pass.'),
      commands: field(z.array(commandSchema), 'Every command run, in order.'),
      skipped: field(
        z
          .array(
            z.object({
              step: field(z.enum(PIPELINE_STEPS), 'The step that did not run.', 'lint'),
              reason: field(z.string().min(1), 'Why it did not run.', 'no "lint" script in package.json'),
            }),
          )
          .optional(),
        'Pipeline steps that did not run, and why.',
      ),
      test_results: field(
        z
          .array(
            z.object({
              name: field(z.string(), "The test's name as the runner printed it.", 'add then list shows the todo'),
              file: field(z.string().optional(), 'Its file, when the runner names it.', 'tests/test_store.py'),
              outcome: field(z.enum(['passed', 'failed', 'skipped']), 'How it ended.', 'passed'),
            }),
          )
          .optional(),
        'Each test the test command reported by name (TAP, spec reporters, pytest -v or -rA), at most 2,000; absent when it printed only totals.',
      ),
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
      static_scan: field(
        z.object({ files_scanned: count('Files scanned.', 7), findings: field(z.array(findingSchema), 'Each finding; an empty list when none.') }).optional(),
        'Secrets and dangerous calls found in the written files.',
      ),
      test_plan: field(testPlanSchema.optional(), "QA's test plan: which test covers which user story."),
      fix_rounds: field(z.array(fixRoundSchema).optional(), 'Automatic fix rounds, in order; empty when none was needed.'),
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
      const failed = Math.max(report.totals.failed, report.failures.length);
      if (report.status === 'pass' && failed > 0) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: `status is "pass" but ${failed} test(s) failed: set status to "fail"` });
      }
      if (report.status === 'pass' && report.tests_pass === false) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'status is "pass" but tests_pass is false: set status to "fail"' });
      }
      if (report.tests_pass === true && failed > 0) {
        ctx.addIssue({ code: 'custom', path: ['tests_pass'], message: `tests_pass is true but ${failed} test(s) failed` });
      }
    }),
  'Test report: what the QA engineer ran and what happened.',
);

export type TestReport = z.infer<typeof testReportSchema>;
export type TestCommand = TestReport['commands'][number];
export type StaticFinding = z.infer<typeof findingSchema>;
export type FixRound = z.infer<typeof fixRoundSchema>;
