import * as z from 'zod';
import { appConfigSchema } from './app-config.js';
import { ConfigChangeError } from './config-change-error.js';
import { closestName } from './suggest.js';

/**
 * Splits a dotted key (`models.roles.engineer`) into its path and checks it against the
 * atelier.config.yml schema, so a typo is refused with the keys that do exist there.
 */
export function parseConfigKey(key: string): string[] {
  const path = splitKey(key);
  if (key.trim() === '' || path === undefined || path.some((segment) => segment.trim() === '')) {
    throw new ConfigChangeError('invalid', `"${key}" is not a key: write it as dotted names, e.g. models.roles.engineer (a name with dots in quotes: models.prices."gpt-4.1")`);
  }
  let schema: z.ZodType = appConfigSchema;
  path.forEach((segment, i) => {
    const inner = unwrap(schema);
    const here = path.slice(0, i).join('.');
    if (inner instanceof z.ZodObject) {
      const shape = inner.shape as Record<string, z.ZodType>;
      const next = shape[segment];
      if (!next) {
        const known = Object.keys(shape);
        const hint = closestName(segment, known);
        throw new ConfigChangeError(
          'invalid',
          `unknown key "${path.slice(0, i + 1).join('.')}"${hint ? ` (did you mean "${[...path.slice(0, i), hint].join('.')}"?)` : ''}; the keys${here ? ` under ${here}` : ''} are: ${known.join(', ')}`,
        );
      }
      schema = next;
    } else if (inner instanceof z.ZodRecord) {
      schema = inner.valueType as z.ZodType;
    } else {
      throw new ConfigChangeError('invalid', `"${here}" holds a single value, so "${key}" is not a key`);
    }
  });
  return path;
}

/** `models.prices."gpt-4.1".input` → models, prices, gpt-4.1, input: a model id may hold dots, so a name may be quoted. */
function splitKey(key: string): string[] | undefined {
  const path: string[] = [];
  let at = 0;
  for (;;) {
    let segment: string;
    if (key[at] === '"') {
      const close = key.indexOf('"', at + 1);
      if (close < 0) return undefined;
      segment = key.slice(at + 1, close);
      at = close + 1;
      if (at < key.length && key[at] !== '.') return undefined;
    } else {
      const dot = key.indexOf('.', at);
      segment = key.slice(at, dot < 0 ? key.length : dot);
      if (segment.includes('"')) return undefined;
      at = dot < 0 ? key.length : dot;
    }
    path.push(segment);
    if (at >= key.length) return path;
    at++; // the dot
    if (at >= key.length) return [...path, ''];
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}
