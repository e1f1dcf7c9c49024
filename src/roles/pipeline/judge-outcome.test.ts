import { describe, expect, it } from 'vitest';
import { judgeSmoke, judgeStep, type SandboxRun } from './judge-outcome.js';

const run = (over: Partial<SandboxRun>): SandboxRun => ({ exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, outputTruncated: false, durationMs: 10, ...over });

describe('judgeStep', () => {
  it('passes exit 0, fails anything else, and names the limit that stopped a command', () => {
    expect(judgeStep(run({}), 1000)).toEqual({ outcome: 'passed' });
    expect(judgeStep(run({ exitCode: 1 }), 1000)).toEqual({ outcome: 'failed', note: 'exited 1' });
    expect(judgeStep(run({ exitCode: null, timedOut: true }), 120_000)).toEqual({ outcome: 'timed_out', note: 'did not finish within 120 s and was stopped' });
    expect(judgeStep(run({ exitCode: null, signal: 'SIGKILL', killedBy: 'memory', limitsReport: ['memory limit 1024 MB reached'] }), 1000)).toEqual({
      outcome: 'failed',
      note: "was killed by SIGKILL; stopped by the sandbox's memory limit; memory limit 1024 MB reached",
    });
  });
});

describe('judgeSmoke', () => {
  it('passes a program that runs and exits 0, or prints its usage without crashing', () => {
    expect(judgeSmoke(run({ stdout: 'Nothing to do.' }), 5000)).toEqual({ outcome: 'passed', note: 'ran and exited 0' });
    expect(judgeSmoke(run({ exitCode: 2, stderr: 'Usage: todo <command>' }), 5000)).toEqual({ outcome: 'passed', note: 'printed its usage and exited 2' });
  });

  it('fails a crash, even one that mentions its usage', () => {
    const crash = 'file:///p/src/cli.js:3\nimport { x } from "./nope.js";\nError [ERR_MODULE_NOT_FOUND]: Cannot find module\n    at finalizeResolution (node:internal/modules/esm/resolve:1:1)\nUsage';
    expect(judgeSmoke(run({ exitCode: 1, stderr: crash }), 5000)).toEqual({ outcome: 'failed', note: 'exited 1' });
    expect(judgeSmoke(run({ exitCode: 1, stderr: 'Traceback (most recent call last):\n  File "app.py", line 1' }), 5000).outcome).toBe('failed');
  });

  it('calls a program still running at the time limit "started", and one stopped by another limit failed', () => {
    const started = judgeSmoke(run({ exitCode: null, timedOut: true, killedBy: 'timeout' }), 5000);
    expect(started.outcome).toBe('started');
    expect(started.note).toContain('still running after 5 s without crashing');
    expect(started.note).toContain('not proof that it answers');
    expect(judgeSmoke(run({ exitCode: null, killedBy: 'processes', limitsReport: ['process limit 256 reached'] }), 5000)).toEqual({
      outcome: 'failed',
      note: "stopped by the sandbox's processes limit; process limit 256 reached",
    });
  });
});
