import pc from 'picocolors';
import { configProblems } from '../config/config-error.js';
import { printable } from '../observe/printable.js';
import { redactSecrets } from '../observe/redact.js';

/** Exit codes: 1 the run failed (resumable), 2 the input or configuration was wrong, 3 the run is parked. */
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** The run waits for something outside it (an approval): nothing failed, and it continues with `atelier resume`. */
export const EXIT_PARKED = 3;

const USER_ERRORS = new Set([
  'EmptyIdeaError',
  'UnknownWorkflowError',
  'UnknownTemplateError',
  'UnknownApprovalPointError',
  'NothingToDecideError',
  'InvalidEditError',
  'SandboxError',
  'RunNotFoundError',
  'ProjectNotFoundError',
  'UntrustedResumeSettingError',
  'EventLogUnreadableError',
  'ProjectNotWritableError',
  'IdeaTooLongError',
  'UnusableProjectFolderError',
  'SystemFolderError',
  'UnknownModelTargetError',
  'RunAlreadyFinishedError',
  'RunInUseError',
  'NoModelConfiguredError',
  'ModelConfigError',
  'CassetteError',
  'UsageError',
  'ConfigError',
  'ConfigErrors',
  'StoreError',
]);

/** One clear message on stderr for a failure, and the exit code that goes with it. */
export function reportError(error: unknown, err: NodeJS.WritableStream = process.stderr): number {
  const problems = configProblems(error);
  if (problems && problems.length > 0) {
    err.write(`${pc.red('error:')} ${problems.length === 1 ? 'a configuration file has a problem' : `configuration files have ${problems.length} problems`}; nothing was run.\n`);
    for (const problem of problems) err.write(`  ${problem.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const name = error instanceof Error ? error.name : '';
  // An error may quote a model's answer or a generated file: shown, never acted on by the terminal.
  const message = printable(redactSecrets(error instanceof Error ? error.message : String(error)));
  if (USER_ERRORS.has(name)) {
    err.write(`${pc.red('error:')} ${message}\n`);
    return EXIT_BAD_INPUT;
  }
  err.write(`${pc.red('error:')} ${message}\n`);
  if (process.env.ATELIER_DEBUG && error instanceof Error && error.stack) err.write(`${pc.dim(redactSecrets(error.stack))}\n`);
  return EXIT_RUN_FAILED;
}
