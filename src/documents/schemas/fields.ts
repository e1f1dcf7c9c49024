import * as z from 'zod';
import { hasControlCharacter } from '../../workspace/control-characters.js';

/**
 * Declares one section of a document once: the instruction and the example travel to the model
 * through `z.toJSONSchema`, and the same schema validates the answer (MetaGPT's ActionNode idea).
 * Containers (objects, arrays of objects) pass no example: their leaves carry one, which keeps the
 * schema sent with every call small.
 */
export function field<T extends z.ZodType>(schema: T, instruction: string, example?: z.input<T>): T {
  const described = schema.describe(instruction);
  return example === undefined ? described : described.meta({ examples: [example] });
}

/** A path the model proposes; the workspace re-checks it, this only gives early, precise feedback. */
export function isRelativeProjectPath(path: string): boolean {
  // A control character (a newline above all) in a path would start a new line of any prompt or
  // Markdown heading it is shown in.
  if (hasControlCharacter(path) || path.includes('\\')) return false;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '..');
}

/** What a path must be, said once: in the description the model reads and in the error it gets back. */
export const RELATIVE_PATH_RULE = 'a relative path inside the project, with "/" separators, no leading "/", no "..", no "\\" and no control characters';

export const relativePathSchema = z
  .string()
  .min(1)
  .refine(isRelativeProjectPath, { error: `must be ${RELATIVE_PATH_RULE}` })
  .describe(`A path relative to the project root: ${RELATIVE_PATH_RULE}.`);

/** `./src//cli.ts` and `src/cli.ts` are the same file. */
export function normalizeProjectPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

export const PRIORITIES = ['P0', 'P1', 'P2'] as const;

export const prioritySchema = z.enum(PRIORITIES, {
  error: 'priority must be "P0" (must have), "P1" (should have) or "P2" (nice to have)',
});

export type Priority = z.infer<typeof prioritySchema>;

export function openQuestionsField(example: string): z.ZodArray<z.ZodString> {
  return field(
    z.array(z.string().min(1)),
    'Questions still open that a human or a later stage must answer; an empty list when nothing is unclear.',
    [example],
  );
}

/** Lists the duplicates of `values`, each once, in the order they first repeat. */
export function findDuplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) duplicates.add(value);
    seen.add(value);
  }
  return [...duplicates];
}
