import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRun } from './plan-run.js';
import type { RunPlan } from './run-plan.js';
import { fixerFor, taskReviewerFor } from './support-roles.js';

async function plan(workflow: string): Promise<RunPlan> {
  const home = mkdtempSync(join(tmpdir(), 'atelier-support-'));
  return (await planRun({ idea: 'a todo list', workflow, cwd: home, concurrency: 1, model: null, env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } })).plan;
}

describe('support roles', () => {
  it('reviews each task with the role of the review stage that reads the code, and fixes with its engineer', async () => {
    const standard = await plan('standard');
    const implement = standard.workflow.stages.find((s) => s.id === 'implement')!;
    const test = standard.workflow.stages.find((s) => s.id === 'test')!;
    expect(taskReviewerFor(standard, implement)?.id).toBe('code_reviewer');
    expect(fixerFor(standard, test)?.id).toBe('engineer');
    // Planned with the defaults, stored in the run so a resume keeps them.
    expect(standard.options).toMatchObject({ maxFixRounds: 3, maxReviewRounds: 1 });
  });

  it('reads max_fix_rounds from the user config, and a flag wins over it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'atelier-support-'));
    mkdirSync(join(home, '.config', 'atelier'), { recursive: true });
    writeFileSync(join(home, '.config', 'atelier', 'atelier.config.yml'), 'max_fix_rounds: 5\n');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const base = { idea: 'a todo list', workflow: 'standard', cwd: home, concurrency: 1, model: null, env };
    expect((await planRun(base)).plan.options.maxFixRounds).toBe(5);
    expect((await planRun({ ...base, maxFixRounds: 1, maxReviewRounds: 0 })).plan.options).toMatchObject({ maxFixRounds: 1, maxReviewRounds: 0 });
  });
});
