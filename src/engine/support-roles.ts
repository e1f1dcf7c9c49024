import type { PlannedStage, RoleSnapshot, RunPlan } from './run-plan.js';

/** How many times a task goes back to its engineer after a review that requests changes. */
export const DEFAULT_MAX_REVIEW_ROUNDS = 1;
/** How many automatic fix rounds follow a failing validation. */
export const DEFAULT_MAX_FIX_ROUNDS = 3;

/**
 * The role that reviews each task of an engineer stage: the role of the workflow's review stage
 * that reads this stage's code. A workflow without such a stage has no per-task review.
 */
export function taskReviewerFor(plan: RunPlan, engineerStage: PlannedStage): RoleSnapshot | undefined {
  const review = plan.workflow.stages.find((s) => s.kind === 'review' && s.behaviour === 'document' && s.inputs.includes(engineerStage.output));
  return review ? plan.roles[review.roleId] : undefined;
}

/**
 * The role that repairs what QA's validation finds: the engineer whose code the QA stage reads,
 * else the workflow's first engineer. None in a workflow without engineers: no fix rounds then.
 */
export function fixerFor(plan: RunPlan, qaStage: PlannedStage): RoleSnapshot | undefined {
  const engineers = plan.workflow.stages.filter((s) => s.behaviour === 'engineer');
  const stage = engineers.find((s) => qaStage.inputs.includes(s.output)) ?? engineers[0];
  return stage ? plan.roles[stage.roleId] : undefined;
}

/**
 * The role that implements one task of an engineer stage: the stage's specialist for the task's
 * type when the workflow names one (`specialists: { frontend: frontend_engineer }`), else the
 * stage's own role.
 */
export function implementerFor(plan: RunPlan, engineerStage: PlannedStage, task: { type?: string | undefined }): RoleSnapshot | undefined {
  const specialist = task.type === undefined ? undefined : engineerStage.specialists?.[task.type];
  return (specialist === undefined ? undefined : plan.roles[specialist]) ?? plan.roles[engineerStage.roleId];
}
