import { spawn } from 'node:child_process';
import { existsSync, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../bin/atelier.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/atelier.js', import.meta.url));

/** A command of the built CLI that failed or printed what its schema does not allow. */
export class AtelierCommandError extends Error {
  override readonly name = 'AtelierCommandError';
  constructor(
    readonly args: readonly string[],
    readonly detail: string,
  ) {
    super(`\`atelier ${args.join(' ')}\` ${detail}`);
  }

  static isInstance(error: unknown): error is AtelierCommandError {
    return error instanceof Error && error.name === 'AtelierCommandError';
  }
}

/** The harness runs the built CLI, as a user would: without a build there is nothing to run. */
export function assertBuilt(): void {
  if (!existsSync(BUNDLE)) throw new AtelierCommandError(['--version'], `cannot run: ${BUNDLE} is missing; build the CLI first with \`npm run build\``);
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs a read command (`show`, `cost`, `runs`) with `--json` and parses what it prints. */
export function atelierJson<T>(args: readonly string[], schema: z.ZodType<T>, options: SpawnOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new AtelierCommandError(args, `exited ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        return reject(new AtelierCommandError(args, 'printed no JSON'));
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else reject(new AtelierCommandError(args, `printed JSON this harness does not understand: ${parsed.error.issues[0]?.message ?? ''} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`));
    });
  });
}

/**
 * Runs `atelier run` or `atelier resume`, its output appended to `log`. A session longer than
 * `timeoutMs` is interrupted (SIGINT, then SIGKILL 30 s later) and left resumable.
 */
export function runAtelier(args: readonly string[], options: SpawnOptions & { log: WriteStream; timeoutMs: number | null }): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    options.log.write(`\n$ atelier ${args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ')}\n`);
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(options.log, { end: false });
    child.stderr.pipe(options.log, { end: false });
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const timer =
      options.timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGINT');
            kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
          }, options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(kill);
      resolve({ code, timedOut });
    });
  });
}
