import { takeFeedback, takeQuestions, writeDocument } from '../roles/document-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { implementTaskPlan } from './fan-out.js';
import { runQaStage } from './qa-stage.js';
import type { RunPlan } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { DEFAULT_MAX_REVIEW_ROUNDS, implementerFor, taskReviewerFor } from './support-roles.js';

/** What a stage's behaviour produced: its document's content, or that it waits for something outside the run. */
export type StageOutcome =
  | {
      content: unknown;
      /** Questions the role asked the user (a role that may ask). */
      questions?: string[];
      /** Feedback for the authors of its inputs (a role offered it): the engine has them revise, then runs the stage again. */
      feedback?: { document: string; feedback: string }[];
    }
  | { parked: string };

/** How a stage turns its inputs into its document (a role's `behaviour:` names one). */
export type StageBehaviour = (ctx: StageContext, services: RunServices, plan: RunPlan) => Promise<StageOutcome>;

/**
 * The built-in behaviours. New ones (an approval point, a tool-using role, the analysis of an
 * existing repository) are one entry here; the engine looks a stage's behaviour up, and a test
 * or an embedding program can add its own through `RunServices.behaviours`.
 */
export const BUILT_IN_BEHAVIOURS: Readonly<Record<string, StageBehaviour>> = {
  document: async (ctx, _services, plan) => {
    const value = (await writeDocument(ctx)).value;
    // Only an answer whose schema offered `questions` has them to take: any other keeps every key it has.
    const targets = (ctx.feedbackTo ?? []).map((input) => input.name);
    const { document: answered, feedback } = targets.length > 0 ? takeFeedback(value, targets) : { document: value, feedback: [] };
    const { document, questions } = ctx.mayAsk ? takeQuestions(answered) : { document: answered, questions: [] };
    return { content: withUserIdea(ctx.stage.kind, document, plan.idea), ...(questions.length > 0 ? { questions } : {}), ...(feedback.length > 0 ? { feedback } : {}) };
  },
  engineer: async (ctx, services, plan) => ({
    content: await implementTaskPlan(ctx, services, {
      concurrency: plan.options.concurrency,
      reviewer: taskReviewerFor(plan, ctx.stage),
      maxReworks: plan.options.maxReviewRounds ?? DEFAULT_MAX_REVIEW_ROUNDS,
      implementer: (task) => implementerFor(plan, ctx.stage, task),
    }),
  }),
  qa: async (ctx, services, plan) => ({ content: await runQaStage(ctx, services, plan) }),
};

/**
 * A PRD's original requirements are the user's words, not the model's paraphrase of them: set
 * by code after the answer is validated (the model is asked to restate them, so a PRD written
 * elsewhere still validates).
 */
function withUserIdea(kind: string, value: unknown, idea: string): unknown {
  if (kind !== 'prd' || typeof value !== 'object' || value === null) return value;
  return { ...value, original_requirements: idea };
}

/** The behaviour a stage runs, from the services' own table first, then the built-in one. */
export function behaviourFor(name: string, services: Pick<RunServices, 'behaviours'>): StageBehaviour | undefined {
  return services.behaviours?.[name] ?? BUILT_IN_BEHAVIOURS[name];
}
