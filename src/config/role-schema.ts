import * as z from 'zod';
import { DOCUMENT_KINDS } from '../documents/kinds.js';

/** Ids of roles, aliases and stages: what a workflow's `role:` and `task:` fields may hold. */
export const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;

export const ROLE_BEHAVIOURS = ['document', 'engineer', 'qa'] as const;
/** `document` writes one document; `engineer` writes files per task of a plan; `qa` runs the tests. */
export type RoleBehaviour = (typeof ROLE_BEHAVIOURS)[number];

const CONTEXT_SIZES = ['small', 'medium', 'large'] as const;
export type ContextSize = (typeof CONTEXT_SIZES)[number] | number;

const nonEmpty = (what: string) => z.string().refine((s) => s.trim() !== '', `${what} must not be empty`);

const outputFormatSchema = z.looseObject({
  /** Section titles a sectioned document must have, in order. */
  sections: z.array(nonEmpty('a section title')).optional(),
  validation: z
    .looseObject({
      /** Text every answer must contain; checked against the answer's JSON text. */
      required_patterns: z.array(nonEmpty('a required pattern')).optional(),
    })
    .optional(),
});

const modelPreferencesSchema = z.looseObject({
  context_size: z
    .union([z.enum(CONTEXT_SIZES), z.number().int().positive()], {
      error: 'context_size must be small, medium, large or a positive number of tokens',
    })
    .optional(),
  reasoning: z.enum(['basic', 'standard', 'strong']).optional(),
  temperature: z.number().min(0, 'temperature must be between 0 and 2').max(2, 'temperature must be between 0 and 2').optional(),
  /** A model id the role prefers, e.g. `anthropic/claude-sonnet-4.5`; the run's selection may still override it. */
  model: z.string().min(1, 'model must not be empty').optional(),
});

/**
 * A role file. The seed format (name, description, system_prompt, output_format,
 * model_preferences) loads unchanged; everything Atelier added is optional.
 */
export const roleSchema = z.looseObject({
  /** Display name in the seed format, e.g. "Security Expert". The id is the file name. */
  name: nonEmpty('name'),
  description: z.string().default(''),
  system_prompt: nonEmpty('system_prompt'),
  output_format: outputFormatSchema.optional(),
  model_preferences: modelPreferencesSchema.optional(),
  tools: z.array(nonEmpty('a tool name')).optional(),
  display_name: nonEmpty('display_name').optional(),
  /** Other names a workflow may use for this role, e.g. `code_generation` for `engineer`. */
  aliases: z.array(z.string().regex(ID_PATTERN, 'an alias must match ^[a-z][a-z0-9_-]*$')).optional(),
  /** The document kind the role writes when the stage's output name is not itself a kind. */
  document: z.enum(DOCUMENT_KINDS).optional(),
  behaviour: z.enum(ROLE_BEHAVIOURS).default('document'),
  /** The role may ask the user questions instead of guessing; the run waits for the answers. */
  asks_questions: z.boolean().optional(),
});

export type RoleDefinition = z.infer<typeof roleSchema>;
/** A role file as written, before defaults are applied. */
export type RoleFile = z.input<typeof roleSchema>;

const CONTEXT_TOKENS: Record<(typeof CONTEXT_SIZES)[number], number> = {
  small: 8_000,
  medium: 32_000,
  large: 128_000,
};

/** The context window a role asks for, in tokens; `medium` when it does not say. */
export function contextSizeTokens(size: ContextSize | undefined): number {
  if (size === undefined) return CONTEXT_TOKENS.medium;
  return typeof size === 'number' ? size : CONTEXT_TOKENS[size];
}
