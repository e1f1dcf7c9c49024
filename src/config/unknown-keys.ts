import * as z from 'zod';
import { formatFieldPath, type ConfigIssue } from './config-error.js';
import { closestName } from './suggest.js';
import type { YamlLocator } from './yaml-file.js';

/**
 * Keys the schema does not declare. They are kept (a newer Atelier or another tool may use them)
 * but reported, because a typo such as `aproval: true` would otherwise be silently ignored.
 */
export function unknownKeyWarnings(schema: z.ZodType, value: unknown, locator: YamlLocator): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  walk(schema, value, [], (path, known) => {
    const position = locator.locate(path);
    const key = String(path[path.length - 1]);
    const hint = closestName(key, known);
    warnings.push({
      file: locator.file,
      line: position?.line,
      column: position?.column,
      field: formatFieldPath(path),
      message: `unknown key "${key}" is ignored${hint ? ` (did you mean "${hint}"?)` : ''}`,
    });
  });
  return warnings;
}

type Report = (path: PropertyKey[], known: string[]) => void;

function walk(schema: z.ZodType, value: unknown, path: PropertyKey[], report: Report): void {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isRecord(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    for (const [key, child] of Object.entries(value)) {
      const childSchema = shape[key];
      if (childSchema) walk(childSchema, child, [...path, key], report);
      else report([...path, key], known);
    }
  } else if (inner instanceof z.ZodArray && Array.isArray(value)) {
    value.forEach((item, i) => walk(inner.element as z.ZodType, item, [...path, i], report));
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
