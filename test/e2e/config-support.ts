import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliResult } from '../support/run-cli.js';

/** The seed's security example: prompt file and stages file. */
export const SECURITY_EXAMPLES = fileURLToPath(new URL('../../examples/security/', import.meta.url));
/** The seed's own role and workflow files, which must round-trip unchanged. */
export const SEED_FIXTURES = fileURLToPath(new URL('../../src/config/fixtures/', import.meta.url));

export function userConfigDir(env: Record<string, string>): string {
  return join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? '', '.config'), 'atelier');
}

/** Runs `atelier ARGS` in `cwd`, failing the test with everything printed when the exit code is not `expected`. */
export async function atelier(args: string[], cwd: string, env: Record<string, string>, expected = 0): Promise<CliResult> {
  const result = await runCli(args, { cwd, env });
  if (result.code !== expected) {
    throw new Error(`atelier ${args.join(' ')} exited ${result.code}, expected ${expected}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** Every file under the folders, with its content and modification time, to prove that nothing changed. */
export function snapshot(...dirs: string[]): Record<string, { content: string; mtimeMs: number }> {
  const files: Record<string, { content: string; mtimeMs: number }> = {};
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = { content: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs };
    }
  };
  dirs.forEach(walk);
  return files;
}
