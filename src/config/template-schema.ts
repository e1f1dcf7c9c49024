import * as z from 'zod';
import { ID_PATTERN } from './role-schema.js';

const text = (what: string) => z.string().refine((s) => s.trim() !== '', `${what} must not be empty`);

/**
 * A project template: the stack, features, architecture and workflow the product manager and
 * architect start from. The id is the file name, e.g. `cli_tool`.
 */
export const templateSchema = z.looseObject({
  /** Display name, e.g. "CLI tool". */
  name: text('name'),
  description: text('description'),
  stack: z.looseObject({
    language: text('stack.language'),
    runtime: text('stack.runtime'),
    frameworks: z.array(text('a framework')).default([]),
  }),
  features: z.array(text('a feature')).min(1, 'list at least one feature'),
  /** Architecture notes: the shape the architect should start from. */
  architecture: text('architecture'),
  /** The workflow a run from this template uses unless told otherwise. */
  workflow: z.string().regex(ID_PATTERN, 'workflow must be a workflow id (^[a-z][a-z0-9_-]*$)'),
  /**
   * The scripted scenarios of Atelier's own suite that build this kind of project end to end
   * (`atelier demo --list` replays them); none means no scenario proves the stack yet.
   */
  proven_by: z.array(z.string().min(1)).optional(),
  /** Questions the idea should answer; the product manager decides them when it does not. */
  idea_hints: z.array(text('an idea hint')).optional(),
});

export type TemplateDefinition = z.infer<typeof templateSchema>;
