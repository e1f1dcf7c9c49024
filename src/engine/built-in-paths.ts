import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from src/engine (tests) or dist/engine (the installed CLI) alike. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const BUILTIN_ROLES_DIR = join(PACKAGE_ROOT, 'roles');
export const BUILTIN_WORKFLOWS_DIR = join(PACKAGE_ROOT, 'workflows');
export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The user's own configuration: `$XDG_CONFIG_HOME/atelier`, else `~/.config/atelier`. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'atelier');
}
