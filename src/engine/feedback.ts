import { hasApprovalPoint } from './approvals.js';
import type { PlannedStage, RunPlan } from './run-plan.js';
import type { StageView } from './run-state.js';

/** Rounds of feedback a stage may send the authors of its inputs, unless configured otherwise. */
export const DEFAULT_MAX_FEEDBACK_ROUNDS = 1;

/** The stages that build, directly or through others, on a stage's document. */
function descendantsOf(stages: readonly PlannedStage[], id: string): Set<string> {
  const found = new Set<string>();
  const outputs = [stages.find((s) => s.id === id)?.output].filter((o): o is string => o !== undefined);
  while (outputs.length > 0) {
    const output = outputs.pop()!;
    for (const stage of stages) {
      if (found.has(stage.id) || !stage.inputs.includes(output)) continue;
      found.add(stage.id);
      outputs.push(stage.output);
    }
  }
  return found;
}

/**
 * The inputs a stage may send feedback on: documents of a document role of this workflow (code
 * and test reports cannot be revised from a note) that no other stage could read before this one
 * is done: every other stage reading it builds on this stage's document. So a revision never
 * leaves a sibling built on the version it replaced, whatever the concurrency; from the workflow
 * alone (not the approval points), so the same request is asked with or without `--approve` and a
 * recording replays either way.
 */
export function feedbackTargets(plan: RunPlan, stage: PlannedStage): string[] {
  if (stage.behaviour !== 'document') return [];
  const after = descendantsOf(plan.workflow.stages, stage.id);
  return stage.inputs.filter((name) => {
    const author = plan.workflow.stages.find((s) => s.output === name);
    if (!author || author.id === stage.id || author.behaviour !== 'document') return false;
    return plan.workflow.stages.every((other) => other.id === stage.id || !other.inputs.includes(name) || after.has(other.id));
  });
}

/** Whether feedback on this document goes to its author to revise, or to the person who approves it (a role does not revise what a person decides). */
export function revisedOnFeedback(plan: RunPlan, name: string): boolean {
  const author = authorStage(plan, name);
  return author !== undefined && !hasApprovalPoint(plan, author);
}

/** The inputs offered to the stage's role for feedback, with the name of each one's author, among those the run has. */
export function feedbackOffer(plan: RunPlan, stage: PlannedStage, has: (name: string) => boolean): { name: string; authorName: string }[] {
  return feedbackTargets(plan, stage).flatMap((name) => {
    const author = authorStage(plan, name);
    return author && has(name) ? [{ name, authorName: plan.roles[author.roleId]?.displayName ?? author.roleId }] : [];
  });
}

/** The stage that writes a document of the run. */
export function authorStage(plan: RunPlan, name: string): PlannedStage | undefined {
  return plan.workflow.stages.find((s) => s.output === name);
}

/** Rounds of feedback the stage has sent so far (from its `message.sent` events). */
export function feedbackRoundsUsed(view: StageView | undefined): number {
  return Math.max(0, ...(view?.messages ?? []).filter((m) => m.forPerson !== true).map((m) => m.round));
}

/** Feedback the stage sent whose document has not been revised yet (the run stopped in between). */
export function unrevised(plan: RunPlan, stage: PlannedStage, view: StageView | undefined, current: (name: string) => { id: string } | undefined): NonNullable<StageView['messages']> {
  return (view?.messages ?? []).filter((m) => m.forPerson !== true && current(m.document)?.id === m.documentId && mayRevise(plan, stage, m));
}

/**
 * Whether a note in the log is one this stage could have sent and its author revises: an offered
 * input, written by the stage it names, with no approval point. A hand-edited log cannot have
 * another stage's document rewritten (one a person approved, the code) by a forged message.
 */
export function mayRevise(plan: RunPlan, stage: PlannedStage, message: { document: string; toStage: string }): boolean {
  const author = authorStage(plan, message.document);
  return author !== undefined && author.id === message.toStage && feedbackTargets(plan, stage).includes(message.document) && revisedOnFeedback(plan, message.document);
}
