import { stringify } from 'yaml';
import type { RoleFile } from './role-schema.js';

// The seed's order first, so a file written here reads like the seed's own; Atelier's keys after.
const KEY_ORDER = ['name', 'display_name', 'description', 'system_prompt', 'output_format', 'model_preferences', 'aliases', 'document', 'behaviour', 'tools'];

/**
 * A role as YAML in the seed format: keys in the seed's order, the system prompt as a literal
 * block (`|`), lists one item per line. Reading the text back gives the same role.
 */
export function serializeRole(role: RoleFile): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (role[key] !== undefined) ordered[key] = role[key];
  for (const [key, value] of Object.entries(role)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}

/** `security_expert` → `Security Expert`: the display name a role gets when none is given. */
export function displayNameFromId(id: string): string {
  return id
    .split(/[_-]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');
}
