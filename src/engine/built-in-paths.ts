import { homedir } from 'node:os';
import { join } from 'node:path';
import { builtinRolesDir, builtinWorkflowsDir, packageRoot } from '../config/index.js';

/** The package root, from src/ (tests) or dist/ (the installed CLI) alike. */
export const PACKAGE_ROOT = packageRoot();
export const BUILTIN_ROLES_DIR = builtinRolesDir();
export const BUILTIN_WORKFLOWS_DIR = builtinWorkflowsDir();
export const EXAMPLES_DIR = join(PACKAGE_ROOT, 'examples');

/** The user's own configuration: `$XDG_CONFIG_HOME/atelier`, else `~/.config/atelier`. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'atelier');
}
