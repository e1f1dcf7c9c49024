import * as z from 'zod';
import { modelSettingsSchema, readStoredModelSettings } from '../llm/model-settings.js';
import { roleSnapshotSchema, stageSchema, type PlannedStage, type RoleSnapshot } from '../roles/role-snapshot.js';

/**
 * Everything a run needs, frozen when it starts: the compiled workflow and a snapshot of each
 * role it uses. Resume reads this back instead of re-reading YAML, so editing a role file
 * mid-run cannot change a run that is under way.
 */
export const runPlanSchema = z.object({
  version: z.literal(1),
  idea: z.string(),
  /** A project template's brief, given to every stage after the idea. */
  brief: z.string().optional(),
  projectName: z.string(),
  workflow: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    stages: z.array(stageSchema),
  }),
  roles: z.record(z.string(), roleSnapshotSchema),
  options: z.object({
    concurrency: z.number().int().positive(),
    model: z.string().nullable(),
    /** Automatic fix rounds after a failing validation; absent in runs planned before it existed (then the default). */
    maxFixRounds: z.number().int().nonnegative().optional(),
    /** Times a task goes back to its engineer after a review that requests changes. */
    maxReviewRounds: z.number().int().nonnegative().optional(),
    /** Rounds of feedback a stage may send the authors of its inputs (`max_feedback_rounds`); absent: the default, 1. */
    maxFeedbackRounds: z.number().int().min(0).max(5).optional(),
    /** Stage ids whose document waits for a person's approval (`--approve`, `approvals:`), besides the workflow's own `approval: true`. */
    approvals: z.array(z.string()).optional(),
    /** What happens to a document nobody decides on in time: approved, sent back once with `feedback`, or left waiting (`stop`). */
    approvalTimeout: z.object({ ms: z.number().int().nonnegative(), action: z.enum(['approve', 'reject', 'stop']), feedback: z.string().optional() }).optional(),
    /** Every approval point is approved as soon as its document is saved, by "auto-approve" (unattended runs). */
    autoApprove: z.boolean().optional(),
    /** `--no-questions`: roles that may ask the user decide and state their assumptions instead. */
    noQuestions: z.boolean().optional(),
    /** How the run chooses and pays for models (`--model`, `--budget`, ...): resume applies them again unless told otherwise. */
    modelSettings: modelSettingsSchema.optional(),
    /** `sandbox.driver` from atelier.config.yml; absent means detect (bubblewrap, docker, plain). */
    sandboxDriver: z.enum(['auto', 'bubblewrap', 'docker', 'plain']).optional(),
    /** The rest of atelier.config.yml's `sandbox:` section: limits and variables of the commands QA runs. */
    sandboxSettings: z
      .object({
        timeoutSeconds: z.number().int().positive().optional(),
        memoryMb: z.number().int().positive().optional(),
        maxProcesses: z.number().int().positive().optional(),
        networkForInstall: z.boolean().optional(),
        offlineNpmCache: z.string().optional(),
        env: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
  }),
});

export type RunPlan = z.infer<typeof runPlanSchema>;

export type { PlannedStage, RoleSnapshot };

/**
 * A stored plan, checked. Plans written before the model settings were typed kept the CLI's raw
 * flags there; those are read into the typed shape first.
 */
export function readRunPlan(stored: unknown): RunPlan {
  if (typeof stored === 'object' && stored !== null && 'options' in stored) {
    const options = (stored as { options: unknown }).options;
    if (typeof options === 'object' && options !== null && 'modelSettings' in options) {
      const modelSettings = readStoredModelSettings((options as { modelSettings: unknown }).modelSettings);
      return runPlanSchema.parse({ ...stored, options: { ...options, modelSettings } });
    }
  }
  return runPlanSchema.parse(stored);
}
