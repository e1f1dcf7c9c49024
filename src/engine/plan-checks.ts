import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { formatConfigIssue, type AppConfig, type ConfigIssue } from '../config/index.js';
import { AtelierError } from '../errors/atelier-error.js';
import type { ModelSettings } from '../llm/index.js';
import { ProjectNotWritableError } from './errors.js';
import type { PlannedStage } from './run-plan.js';

/** Every stage sends the idea whole; past this it would fill a model's context before any document did. */
export const MAX_IDEA_TOKENS = 32_000;

/** A rough count: about four bytes of UTF-8 a token (so text in scripts of many bytes a character is not undercounted). */
function ideaTokens(idea: string): number {
  return Math.ceil(Buffer.byteLength(idea, 'utf8') / 4);
}

export class IdeaTooLongError extends AtelierError {
  override readonly name = 'IdeaTooLongError';
  constructor(tokens: number) {
    super(
      `the idea is about ${tokens.toLocaleString('en-US')} tokens; every stage sends it whole, so it must stay under ${MAX_IDEA_TOKENS.toLocaleString('en-US')} (about ${Math.round((MAX_IDEA_TOKENS * 4) / 1024)} KB). Say what to build in a few paragraphs, and put long material in the project folder or a template. Nothing was run.`,
    );
  }
}

export function checkIdeaSize(idea: string): void {
  const tokens = ideaTokens(idea);
  if (tokens > MAX_IDEA_TOKENS) throw new IdeaTooLongError(tokens);
}

/** Kernel and device file systems: a project there is a mistake (and /proc/self/… makes mkdir loop forever). */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

export class UnusableProjectFolderError extends AtelierError {
  override readonly name = 'UnusableProjectFolderError';
  constructor(dir: string, root: string) {
    super(`the project folder ${dir} is inside ${root}, a kernel or device file system, not a place for a project; choose a folder in your home or work directory with --project. Nothing was created.`);
  }
}

/** The folder itself may not exist yet: the nearest existing parent is resolved (links included). */
function realLocation(dir: string): string {
  let current = resolve(dir);
  for (;;) {
    try {
      return resolve(realpathSync(current), resolve(dir).slice(current.length).replace(/^[/\\]/, ''));
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(dir);
      current = parent;
    }
  }
}

/** Folders that are the system itself or hold everyone's files: a run would `git init` them and write docs/ there. */
const NOT_A_PROJECT = ['/', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib64', '/boot', '/var', '/run', '/opt', '/home', '/root', '/tmp'];

export class SystemFolderError extends AtelierError {
  override readonly name = 'SystemFolderError';
  constructor(dir: string) {
    super(`${dir} is a system folder (or a home folder itself), not a project: a run would make it a git repository and write docs/ into it. Give a folder of its own with --project, e.g. --project ${dir === '/' ? '' : dir}/my-app. Nothing was created.`);
  }
}

export function checkProjectFolder(dir: string, home?: string): void {
  for (const candidate of [resolve(dir), realLocation(dir)]) {
    const root = SYSTEM_ROOTS.find((system) => candidate === system || candidate.startsWith(`${system}${sep}`));
    if (root) throw new UnusableProjectFolderError(dir, root);
    if (NOT_A_PROJECT.includes(candidate) || (home !== undefined && candidate === resolve(home))) throw new SystemFolderError(candidate);
  }
}

/** The folder, or the nearest parent that exists, must be writable: else say so now, not as ENOENT later. */
export function checkCanWrite(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ProjectNotWritableError(resolve(dir), 'ENOTDIR');
  let current = resolve(dir);
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  try {
    accessSync(current, constants.W_OK);
  } catch (error) {
    throw new ProjectNotWritableError(current, (error as NodeJS.ErrnoException).code ?? 'error');
  }
}

/** `--stage-model` or `--role-model` names a stage or role the workflow does not have: it would be ignored. */
export class UnknownModelTargetError extends AtelierError {
  override readonly name = 'UnknownModelTargetError';
  constructor(flag: string, name: string, workflowId: string, known: readonly string[]) {
    super(`${flag} names "${name}", which workflow ${workflowId} does not have; its ${flag === '--stage-model' ? 'stages' : 'roles'} are: ${known.join(', ')}. Nothing was run.`);
  }
}

export function checkModelTargets(settings: ModelSettings | undefined, workflowId: string, stages: readonly PlannedStage[]): void {
  const stageIds = stages.map((stage) => stage.id);
  // A stage's specialists take models like its own role: `--role-model frontend_engineer=ID`.
  const roleIds = [...new Set(stages.flatMap((stage) => [stage.roleId, ...Object.values(stage.specialists ?? {})]))];
  for (const name of Object.keys(settings?.stageModels ?? {})) if (!stageIds.includes(name)) throw new UnknownModelTargetError('--stage-model', name, workflowId, stageIds);
  for (const name of Object.keys(settings?.roleModels ?? {})) if (!roleIds.includes(name)) throw new UnknownModelTargetError('--role-model', name, workflowId, roleIds);
}

/**
 * A project's own atelier.config.yml comes with the folder (a clone, a download), yet it can send
 * the user's keys to another address: each endpoint it sets is said before the first call.
 */
export function projectEndpointWarnings(projectConfig: AppConfig, file: string): string[] {
  return Object.entries(projectConfig.providers ?? {}).flatMap(([name, provider]) =>
    provider.base_url === undefined
      ? []
      : [`${file} sends provider "${name}"'s calls${provider.api_key_env ? ` and the key in ${provider.api_key_env}` : ' and its key'} to ${provider.base_url}; if you did not write that file, check it before going on`],
  );
}

/** Unknown keys in the files a run uses, worded as `workflow validate` words them. */
export function unknownKeyLines(issues: readonly ConfigIssue[]): string[] {
  return issues.map((issue) => formatConfigIssue(issue));
}
