import * as z from 'zod';
import { ID_PATTERN } from './role-schema.js';

const name = z.string().regex(ID_PATTERN, 'must match ^[a-z][a-z0-9_-]*$ (lower case, digits, _ and -)');

/** One stage: a role turns its input documents into one output document. */
export const stageSchema = z.looseObject({
  /** The stage id, unique in the workflow. */
  task: name,
  /** A role id or alias; role ids are file names, so they are not held to the id pattern. */
  role: z.string().min(1),
  /** Document names this stage reads; `user_idea` is the idea itself. */
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'input must be a document name or a non-empty list of document names',
  }),
  output: z.string().min(1),
  /** Pause the run for a human to approve the output before later stages read it. */
  approval: z.boolean().optional(),
  /** A model id that overrides the run's model selection for this stage. */
  model: z.string().min(1).optional(),
  /** How many times a failed stage is tried again. */
  retries: z.number().int().min(0).max(10).optional(),
  /**
   * An engineer stage's specialists: the role that implements the plan's tasks of each type
   * (`frontend: frontend_engineer`); a task of another type, or of none, goes to the stage's role.
   */
  specialists: z.record(z.string(), z.string().min(1)).optional(),
  /** An input whose items the stage fans out over (one job per item). */
  foreach: z.string().min(1).optional(),
});

export const stagesSchema = z.array(stageSchema);

/** A workflow file. The seed format (name, description, stages of task/input/output/role) loads unchanged. */
export const workflowSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(''),
  stages: stagesSchema,
});

export type StageDefinition = z.infer<typeof stageSchema>;
export type WorkflowDefinition = z.infer<typeof workflowSchema>;
