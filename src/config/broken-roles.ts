import type { ConfigError } from './config-error.js';
import type { ConfigSource } from './config-layers.js';

/**
 * A role file that does not load (bad YAML, a missing field, an id defined twice, an alias
 * another role claims). The registry keeps it instead of throwing, so one bad file stops only
 * the workflows that use it, and `role list` can show it.
 */
export interface BrokenRole {
  id: string;
  source: ConfigSource;
  errors: readonly ConfigError[];
}

/** The role's problems on one line: `file:2:15: invalid YAML: …; file:4:1: name: is required`. */
export function brokenRoleProblems(broken: BrokenRole): string {
  return broken.errors.map((error) => error.message.replace(/\s*\n\s*/g, ' ')).join('; ');
}

/** `role "x" (file) does not load:` and each problem on its own line, indented, for `role list` and refusals. */
export function describeBrokenRole(broken: BrokenRole): string {
  return [`role "${broken.id}" (${broken.source.file}) does not load:`, ...broken.errors.map((error) => `  ${error.message}`)].join('\n');
}

/** What a stage that names a broken role reports: why, and what to do. */
export function brokenRoleInUse(name: string, broken: BrokenRole): string {
  const via = name === broken.id ? '' : ` ("${name}" names it)`;
  return `role "${broken.id}"${via} does not load: ${brokenRoleProblems(broken)}; fix ${broken.source.file}, or delete it with \`atelier role delete ${broken.id}\``;
}

/** The one line a run prints for a broken role it does not use, and goes on. */
export function brokenRoleWarning(broken: BrokenRole): string {
  return `role "${broken.id}" (${broken.source.file}) does not load and is left out; no stage of this workflow uses it (${brokenRoleProblems(broken)}). \`atelier role list\` shows every broken role.`;
}
