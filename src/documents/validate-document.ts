import type { z } from 'zod';
import { documentSchema, type DocumentContentMap, type DocumentSchemaOptions } from './document-schema.js';
import type { DocumentKind } from './kinds.js';

/** `tasks[1].dependencies[0]` style path, as a model or a person reads it. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** One line per issue, `path: message`; these lines are what a repair prompt shows the model. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}

export type DocumentValidation<K extends DocumentKind> =
  | { success: true; data: DocumentContentMap[K] }
  | { success: false; problems: string[] };

/** Parses untrusted content (model output, a stored row) as a document of `kind`. */
export function validateDocument<K extends DocumentKind>(
  kind: K,
  content: unknown,
  options: DocumentSchemaOptions = {},
): DocumentValidation<K> {
  const result = documentSchema(kind, options).safeParse(content);
  return result.success ? { success: true, data: result.data } : { success: false, problems: describeIssues(result.error.issues) };
}
