import { userInfo } from 'node:os';
import type { PlannedStage, RunPlan } from './run-plan.js';
import type { QuestionsView } from './run-state.js';
import { UnknownApprovalPointError } from './errors.js';
import { formatWait } from '../config/wait.js';

export { formatWait } from '../config/wait.js';

/**
 * The seed's named approval points, each the stage that writes that kind of document: after the
 * PRD, after the design, and before deployment (the deployment guide, approved before the run ends).
 */
export const NAMED_APPROVAL_POINTS: Readonly<Record<string, string>> = {
  after_prd: 'prd',
  after_design: 'system_design',
  before_deployment: 'deployment_guide',
};

/**
 * The stage ids `--approve` and `approvals:` name: a stage's id, or a named point (the stage
 * whose output is that kind of document). Anything else is refused before the run starts.
 */
export function resolveApprovalPoints(names: readonly string[], stages: readonly Pick<PlannedStage, 'id' | 'kind'>[]): string[] {
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const stage = stages.find((s) => s.id === name) ?? (NAMED_APPROVAL_POINTS[name] ? stages.find((s) => s.kind === NAMED_APPROVAL_POINTS[name]) : undefined);
    if (stage) ids.add(stage.id);
    else unknown.push(name);
  }
  if (unknown.length > 0) throw new UnknownApprovalPointError(unknown, stages.map((s) => s.id), Object.keys(NAMED_APPROVAL_POINTS));
  return stages.filter((s) => ids.has(s.id)).map((s) => s.id);
}

/** Whether a stage's document waits for a person before the stages that read it run. */
export function hasApprovalPoint(plan: RunPlan, stage: PlannedStage): boolean {
  return stage.approval || (plan.options.approvals ?? []).includes(stage.id);
}

/** Who decides, as the store records it: the user's login name. */
export function currentUser(): string {
  try {
    return userInfo().username || 'user';
  } catch {
    return 'user';
  }
}

/** Why a stage waits, as `show`, the views and the run's outcome say it. */
export function waitingForApproval(name: string, version: number): string {
  return `waiting for approval of ${name} v${version}`;
}

/** Why a stage waits for the user's answers. */
export function waitingForAnswers(name: string, version: number, count: number): string {
  return `waiting for answers to ${count} question${count === 1 ? '' : 's'} of ${name} v${version}`;
}

/** The questions with the user's answers, numbered as they were asked, for the role's next version. */
export function questionsAndAnswers(view: Pick<QuestionsView, 'questions' | 'answers'>): string {
  return view.questions
    .map((question, i) => {
      const answer = view.answers?.[i];
      return `${i + 1}. ${question}\n   Answer: ${answer === null || answer === undefined || answer.trim() === '' ? '(no answer: decide, and record your assumption)' : answer.trim()}`;
    })
    .join('\n');
}

/** Who decides when nobody did in time, as the store records it. */
export const TIMEOUT_DECIDER = 'approval-timeout';

/** What a document sent back by the timeout is told, when the configuration gives no feedback. */
export function timeoutFeedback(ms: number): string {
  return `Nobody approved this version within ${formatWait(ms)}. Read it again critically: make what is vague concrete and what is missing explicit, and keep what is right.`;
}
