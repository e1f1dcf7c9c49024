import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeFeedback } from '../roles/document-role.js';
import { feedbackTargets, mayRevise, revisedOnFeedback } from './feedback.js';
import { planRun } from './plan-run.js';

async function planned(more: { approvals?: string[]; config?: string } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'atelier-feedback-'));
  if (more.config) {
    mkdirSync(join(home, '.config', 'atelier'), { recursive: true });
    writeFileSync(join(home, '.config', 'atelier', 'atelier.config.yml'), more.config);
  }
  return (await planRun({ idea: 'a todo list', workflow: 'standard', cwd: home, concurrency: 1, model: null, env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') }, ...(more.approvals ? { approvals: more.approvals } : {}) })).plan;
}

describe('feedback between roles', () => {
  it('offers a stage only the inputs no other stage reads before it is done, written by a document role', async () => {
    const plan = await planned();
    const targets = Object.fromEntries(plan.workflow.stages.map((stage) => [stage.id, feedbackTargets(plan, stage)]));
    expect(targets).toEqual({
      write_prd: [],
      design_system: ['prd'],
      // The architect read the PRD before the API designer: revising it now would leave the design behind.
      design_api: ['system_design'],
      plan_tasks: ['api_spec'],
      // Code and reports are not revised from a note; the design is read by the engineers before the review.
      implement: [],
      review_code: [],
      test: [],
      write_deployment_guide: [],
      write_user_docs: [],
    });
    expect(plan.options.maxFeedbackRounds).toBe(1);
  });

  it('offers the same with approval points (one request, recordings replay), but a document a person approves is not revised on feedback; max_feedback_rounds from the config', async () => {
    const plan = await planned({ approvals: ['after_prd'], config: 'max_feedback_rounds: 0\n' });
    expect(feedbackTargets(plan, plan.workflow.stages.find((s) => s.id === 'design_system')!)).toEqual(['prd']);
    expect(revisedOnFeedback(plan, 'prd')).toBe(false);
    expect(revisedOnFeedback(plan, 'system_design')).toBe(true);
    expect(plan.options.maxFeedbackRounds).toBe(0);
  });

  it('takes feedback for offered inputs only, by any spelling of the name, one message per document, and leaves the document without it', () => {
    const answer = {
      title: 'Design',
      feedback_for_inputs: [
        { document: 'System Design', feedback: 'Name the storage file.' },
        { document: 'system-design', feedback: 'And its format.' },
        { document: 'prd', feedback: 'not offered' },
        { document: 'api_spec', feedback: '   ' },
        'junk',
      ],
    };
    const { document, feedback } = takeFeedback(answer, ['system_design', 'api_spec']);
    expect(document).toEqual({ title: 'Design' });
    expect(feedback).toEqual([{ document: 'system_design', feedback: 'Name the storage file.\n\nAnd its format.' }]);
    expect(takeFeedback({ title: 'x' }, ['prd'])).toEqual({ document: { title: 'x' }, feedback: [] });
  });

  it('acts on a note in the log only when the stage could have sent it and its author revises (a forged message rewrites nothing)', async () => {
    const plan = await planned();
    const stage = (id: string) => plan.workflow.stages.find((s) => s.id === id)!;
    expect(mayRevise(plan, stage('design_system'), { document: 'prd', toStage: 'write_prd' })).toBe(true);
    // The API designer was never offered the PRD; the PRD is not the design stage's document; code is not revised from a note.
    expect(mayRevise(plan, stage('design_api'), { document: 'prd', toStage: 'write_prd' })).toBe(false);
    expect(mayRevise(plan, stage('design_system'), { document: 'prd', toStage: 'design_system' })).toBe(false);
    expect(mayRevise(plan, stage('review_code'), { document: 'source_code', toStage: 'implement' })).toBe(false);
    const approved = await planned({ approvals: ['after_prd'] });
    expect(mayRevise(approved, approved.workflow.stages.find((s) => s.id === 'design_system')!, { document: 'prd', toStage: 'write_prd' })).toBe(false);
  });
});
