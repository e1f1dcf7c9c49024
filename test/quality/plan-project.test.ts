import { describe, expect, it } from 'vitest';
import { planProject, type ListedRun } from '../../bench/quality/plan-project.js';

const run = (id: string, status: string, createdAt: string, interrupted = false): ListedRun => ({ id, status, interrupted, createdAt });

describe('planProject', () => {
  it('starts a run in a folder that is absent or empty', () => {
    expect(planProject({ kind: 'absent' })).toEqual({ kind: 'start' });
    expect(planProject({ kind: 'empty' })).toEqual({ kind: 'start' });
  });

  it('scores a finished run as it is, whatever its outcome: it is never run again', () => {
    for (const status of ['succeeded', 'failed', 'stopped', 'parked']) {
      expect(planProject({ kind: 'runs', runs: [run('r-1', status, '2026-12-04T10:00:00Z')] })).toEqual({ kind: 'score', runId: 'r-1' });
    }
  });

  it('resumes a killed run or one that never got going, the newest when there are several', () => {
    const runs = [run('r-old', 'succeeded', '2026-12-03T10:00:00Z'), run('r-new', 'running', '2026-12-04T10:00:00Z', true)];
    expect(planProject({ kind: 'runs', runs })).toEqual({ kind: 'resume', runId: 'r-new' });
    expect(planProject({ kind: 'runs', runs: [run('r-1', 'pending', '2026-12-04T10:00:00Z')] })).toEqual({ kind: 'resume', runId: 'r-1' });
  });

  it('leaves a run another process holds, and a folder that is not an Atelier project', () => {
    expect(planProject({ kind: 'runs', runs: [run('r-1', 'running', '2026-12-04T10:00:00Z')] })).toMatchObject({ kind: 'leave', runId: 'r-1', why: expect.stringContaining('in another process') });
    expect(planProject({ kind: 'files-without-run' })).toMatchObject({ kind: 'leave', runId: null });
    expect(planProject({ kind: 'runs', runs: [] })).toMatchObject({ kind: 'leave', runId: null });
  });
});
