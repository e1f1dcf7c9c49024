import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { SandboxError } from '../../sandbox/sandbox-error.js';

/** Asks for an offline npm install, like `sandbox.offline_npm_cache` in atelier.config.yml, which wins over it. */
export const OFFLINE_NPM_CACHE_VARIABLE = 'ATELIER_OFFLINE_NPM_CACHE';
const CONFIG_KEY = 'sandbox.offline_npm_cache';

/**
 * The npm cache an offline install reads, as a real absolute path (what gets mounted and what npm
 * is told must be the same path), or undefined to install from the registry. `~/` is the user's
 * home. A cache that is not there stops the validation with the setting to change: installing from
 * nothing could only fail, and the fix loop cannot repair a setting.
 */
export async function resolveOfflineNpmCache(configured: string | undefined, options: { env?: NodeJS.ProcessEnv; driver: string }): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const fromEnv = env[OFFLINE_NPM_CACHE_VARIABLE]?.trim();
  const given = configured?.trim() || fromEnv || undefined;
  if (given === undefined) return undefined;
  const source = configured?.trim() ? CONFIG_KEY : OFFLINE_NPM_CACHE_VARIABLE;
  const home = env.HOME || homedir();
  const expanded = given === '~' ? home : given.startsWith('~/') ? path.join(home, given.slice(2)) : given;
  if (!path.isAbsolute(expanded)) {
    throw new SandboxError({ driver: options.driver, detail: `${source} is "${given}": give the npm cache as an absolute path or one starting with ~/ (\`npm config get cache\` prints yours)` });
  }
  const real = await realpath(expanded).catch(() => undefined);
  if (real === undefined || !(await stat(real)).isDirectory()) {
    throw new SandboxError({
      driver: options.driver,
      detail: `${source} names the npm cache ${expanded}, which is not a folder: point it at a filled npm cache (\`npm config get cache\` prints yours), or remove the setting to install from the registry`,
    });
  }
  return real;
}
