import { z } from 'zod';
import { appConfigSchema } from './app-config.js';
import { ConfigChangeError } from './config-change-error.js';
import { closestName } from './suggest.js';

/**
 * Splits a dotted key (`models.roles.engineer`) into its path and checks it against the
 * atelier.config.yml schema, so a typo is refused with the keys that do exist there.
 */
export function parseConfigKey(key: string): string[] {
  const path = key.split('.');
  if (key.trim() === '' || path.some((segment) => segment.trim() === '')) {
    throw new ConfigChangeError('invalid', `"${key}" is not a key: write it as dotted names, e.g. models.roles.engineer`);
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

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}
