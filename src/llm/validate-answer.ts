import type { z } from 'zod';
import { extractJson } from './extract-json.js';

/** `format`: not JSON or not the schema; `check`: valid, but the caller's own checks (a role's sections, patterns) found misses. */
export type AnswerVerdict<T> = { ok: true; value: T } | { ok: false; kind: 'format' | 'check'; problems: string[] };

/** Repair prompts stay readable, and affordable, even when a model answers with something unrelated. */
const MAX_PROBLEMS = 30;

/** `features[0].priority`, as a person (and a model) reads a location in a JSON document. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text.length === 0 ? String(key) : `.${String(key)}`;
  }
  return text.length === 0 ? '(root)' : text;
}

export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `at ${formatIssuePath(issue.path)}: ${issue.message}`);
}

function limit(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `…and ${problems.length - MAX_PROBLEMS} more problems of the same kinds`];
}

/**
 * Turns a model's raw answer into a value that passed the schema and the caller's checks, or
 * into the exact problems to send back. A cut-off answer says so first: the fix is brevity.
 */
export function validateAnswer<T>(
  text: string,
  schema: z.ZodType<T>,
  check?: (value: T) => string[],
  finishReason?: string,
): AnswerVerdict<T> {
  const truncated =
    finishReason === 'length'
      ? ['the answer was cut off at the output token limit before it was complete; write a shorter answer that still has every required field']
      : [];
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, kind: 'format', problems: [...truncated, extracted.problem] };
  const parsed = schema.safeParse(extracted.value);
  if (!parsed.success) return { ok: false, kind: 'format', problems: limit([...truncated, ...formatZodIssues(parsed.error)]) };
  const checkProblems = check?.(parsed.data) ?? [];
  if (checkProblems.length > 0) return { ok: false, kind: 'check', problems: limit(checkProblems) };
  return { ok: true, value: parsed.data };
}
