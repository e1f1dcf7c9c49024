import type { StepOutcome } from '../../documents/index.js';
import type { SandboxResult } from '../../sandbox/sandbox.js';

/** What the sandbox driver may add: which limit stopped the command, and what it could not contain. */
export type SandboxRun = SandboxResult & { killedBy?: string; limitsReport?: string[] };

export interface Judged {
  outcome: StepOutcome;
  note?: string;
}

/** A crash prints one of these; a usage message does not. */
const CRASH = /Traceback \(most recent call last\)|^\s+at .+:\d+:\d+\)?$|\b(?:Syntax|Reference|Type|Range)Error\b|Error \[ERR_|Cannot find module|ModuleNotFoundError|ImportError|Segmentation fault|panic:/m;
const USAGE = /\busage\b/i;

/** Only when a limit stopped the command: then what the sandbox says about its limits explains it. */
function limitNote(run: SandboxRun): string | undefined {
  if (run.killedBy === undefined || run.killedBy === 'timeout') return undefined;
  const parts = [`stopped by the sandbox's ${run.killedBy} limit`, ...(run.limitsReport ?? [])];
  const text = parts.filter((part): part is string => part !== undefined && part.trim() !== '').join('; ');
  return text === '' ? undefined : text;
}

/** Any step but the smoke run: exit 0 passed, the time limit is its own outcome, anything else failed. */
export function judgeStep(run: SandboxRun, timeoutMs: number): Judged {
  const limits = limitNote(run);
  if (run.timedOut) return { outcome: 'timed_out', note: `did not finish within ${timeoutMs / 1000} s and was stopped${limits ? `; ${limits}` : ''}` };
  if (run.exitCode === 0) return { outcome: 'passed', ...(limits ? { note: limits } : {}) };
  const how = run.exitCode === null ? `was killed${run.signal ? ` by ${run.signal}` : ''}` : `exited ${run.exitCode}`;
  return { outcome: 'failed', note: limits ? `${how}; ${limits}` : how };
}

/**
 * The smoke run answers one question: does the program start without crashing? Exit 0 passed.
 * A non-zero exit passes only when the program printed its usage and no crash (a CLI called
 * without the arguments it wants). Still running when the short time limit ends counts as
 * `started`: it did not crash at start-up, which is all the smoke run can show about a server.
 */
export function judgeSmoke(run: SandboxRun, timeoutMs: number): Judged {
  const output = `${run.stdout}\n${run.stderr}`;
  const limits = limitNote(run);
  if (run.killedBy !== undefined && run.killedBy !== 'timeout') return { outcome: 'failed', note: limits ?? `stopped by the sandbox (${run.killedBy})` };
  if (run.timedOut) {
    return {
      outcome: 'started',
      note: `still running after ${timeoutMs / 1000} s without crashing (a server or a long-running program), then stopped: it starts, which is not proof that it answers`,
    };
  }
  if (run.exitCode === 0) return { outcome: 'passed', note: 'ran and exited 0' };
  if (run.exitCode !== null && USAGE.test(output) && !CRASH.test(output)) return { outcome: 'passed', note: `printed its usage and exited ${run.exitCode}` };
  return judgeStep(run, timeoutMs);
}
