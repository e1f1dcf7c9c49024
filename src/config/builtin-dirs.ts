import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';

/**
 * The folder that holds Atelier's package.json, found by walking up from this file, so the
 * built-in roles and workflows are found both from src/ (tests, tsx) and from dist/.
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'roles'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new ConfigError({ file: from, message: "Atelier's package folder (package.json and roles/) is not above this folder; reinstall Atelier" });
    }
    dir = parent;
  }
}

/** The built-in roles/ folder. */
export function builtinRolesDir(): string {
  return join(packageRoot(), 'roles');
}

/** The built-in workflows/ folder. */
export function builtinWorkflowsDir(): string {
  return join(packageRoot(), 'workflows');
}

/** The built-in templates/ folder. */
export function builtinTemplatesDir(): string {
  return join(packageRoot(), 'templates');
}
