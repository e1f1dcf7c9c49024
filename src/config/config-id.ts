import { ConfigChangeError } from './config-change-error.js';
import { ID_PATTERN } from './role-schema.js';

/** Refuses an id a role, workflow or template file could not be named by (it is also the file name). */
export function assertValidId(id: string, what: 'role' | 'workflow' | 'template'): void {
  if (ID_PATTERN.test(id)) return;
  throw new ConfigChangeError(
    'invalid',
    `"${id}" is not a valid ${what} id: use lower-case letters, digits, "_" and "-", starting with a letter (${ID_PATTERN.source}); nothing was written`,
  );
}
