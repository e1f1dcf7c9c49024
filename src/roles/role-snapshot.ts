import * as z from 'zod';
import { DOCUMENT_KINDS } from '../documents/kinds.js';

/**
 * What a role behaviour knows of its role and its stage: the snapshot a run froze when it
 * started (see engine/run-plan.ts), so editing a role file mid-run changes nothing under way.
 */
export const roleSnapshotSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  systemPrompt: z.string(),
  sections: z.array(z.string()),
  requiredPatterns: z.array(z.string()),
  contextTokens: z.number().int().positive(),
  temperature: z.number().optional(),
  reasoning: z.enum(['basic', 'standard', 'strong']).optional(),
  /** The role file's `model_preferences.model`: the model this role asks for. */
  model: z.string().optional(),
  behaviour: z.enum(['document', 'engineer', 'qa']),
  /** `asks_questions: true`: its answer may carry questions for the user, and the run waits for the answers. */
  asksQuestions: z.boolean().optional(),
});

export const stageSchema = z.object({
  id: z.string(),
  roleId: z.string(),
  roleName: z.string(),
  inputs: z.array(z.string()),
  output: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  behaviour: z.enum(['document', 'engineer', 'qa']),
  dependsOn: z.array(z.string()),
  approval: z.boolean(),
  model: z.string().optional(),
  foreach: z.string().optional(),
  specialists: z.record(z.string(), z.string()).optional(),
  retries: z.number().int().nonnegative(),
});

export type RoleSnapshot = z.infer<typeof roleSnapshotSchema>;
export type PlannedStage = z.infer<typeof stageSchema>;
