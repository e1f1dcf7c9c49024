import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { stringify } from 'yaml';
import {
  configEntries,
  configFiles,
  configProblems,
  ConfigChangeError,
  compileWorkflowById,
  getConfigValue,
  layerDirs,
  loadRoleRegistry,
  packageRoot,
  parseConfigValue,
  planConfigSet,
  writeFileAtomic,
  type ConfigLocations,
  type WritableLayer,
} from '../../config/index.js';
import { userConfigDir } from '../../engine/index.js';
import { stateDir } from '../../engine/index.js';
import { UsageError } from '../usage-error.js';
import { unknownItem } from './layered-item-commands.js';
import { EXIT_BAD_INPUT } from '../report-error.js';
import { GROUP_DESCRIPTIONS } from './command-groups.js';

/** `--project [dir]` and `--user`, as commander hands them over. */
export interface LayerFlags {
  user?: boolean;
  project?: string | true;
}

/** The folders every layer lives in, for the project named by `--project DIR` (default: the current folder). */
export function configLocations(flags: LayerFlags, cwd: string = process.cwd()): ConfigLocations {
  const projectDir = resolve(cwd, typeof flags.project === 'string' ? flags.project : '.');
  return { packageRoot: packageRoot(), userConfigDir: userConfigDir(), projectDir, projectStateDir: stateDir(projectDir) };
}

/** Where a command writes: `--project` picks the project layer, else `fallback` (the user layer unless said). */
export function writeLayer(flags: LayerFlags, fallback: WritableLayer = 'user'): WritableLayer {
  if (flags.user && flags.project !== undefined) throw new UsageError('--user and --project choose where to write; pass one of them');
  if (flags.project !== undefined) return 'project';
  return flags.user ? 'user' : fallback;
}

/** The layer `--user` or `--project` names, or undefined when neither is given. */
export function explicitLayer(flags: LayerFlags): WritableLayer | undefined {
  return flags.user || flags.project !== undefined ? writeLayer(flags) : undefined;
}

/** The project option every config command takes; commands that write also take --user. */
export function withLayerOptions(command: Command, writes: boolean): Command {
  if (writes) {
    return command
      .option('--user', 'write to your user configuration (the default)')
      .option('--project [dir]', 'write to the project layer, <dir>/.atelier (default dir: the current folder)');
  }
  return command.option('--project [dir]', 'the project whose .atelier/ layer is included (default: the current folder)');
}

/** Prints a refusal and ends the command with exit code 2; main maps a CommanderError to that code. */
export function failBadInput(message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  throw new CommanderError(EXIT_BAD_INPUT, 'atelier.badInput', message);
}

/** The message for an error that is the user's input, or undefined for anything else. */
export function badInputMessage(error: unknown): string | undefined {
  const problems = configProblems(error);
  if (problems && problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    return `error: ${count}; nothing was changed:\n${problems.map((p) => `  ${p.message}`).join('\n')}`;
  }
  if (ConfigChangeError.isInstance(error) || UsageError.isInstance(error)) return `error: ${error.message}`;
  return undefined;
}

/** Wraps an action so bad input ends with its message and exit code 2; other errors go on to main. */
export function configAction<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      const message = badInputMessage(error);
      if (message === undefined) throw error;
      failBadInput(message);
    }
  };
}

/** Notes about a change (what it overrides, warnings), one per line. */
export function printNotes(notes: readonly string[]): void {
  for (const note of notes) process.stdout.write(`  ${note}\n`);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    process.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}\n`);
  }
}

/** The text of an `--input` file; a missing one is refused before anything is checked or written. */
export async function readInput(file: string, option = '--input'): Promise<string> {
  if (!existsSync(file)) throw new ConfigChangeError('not_found', `${file}: ${option}: file not found; nothing was written`);
  return readFile(file, 'utf8');
}

/** Copies a role or workflow file byte for byte to `output` (atomically), or prints it when there is none. */
export async function exportFile(source: string, output: string | undefined, force: boolean | undefined, what: string): Promise<void> {
  const text = await readFile(source, 'utf8');
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  const target = resolve(output);
  if (existsSync(target) && !force) throw new ConfigChangeError('exists', `--output ${target} already exists; pass --force to replace it; nothing was written`);
  await writeFileAtomic(target, text);
  process.stdout.write(`exported ${what} (${source}) to ${target}\n`);
}

function formatValue(value: unknown): string {
  if (value !== null && typeof value === 'object') return stringify(value, { lineWidth: 0 }).trimEnd();
  return String(value);
}

export const CONFIG_SET_DESCRIPTION = 'set a dotted key; VALUE is read as YAML (4 is a number, true a boolean); the file is validated before it is written';

/** `config set KEY VALUE`: validated, then written atomically to the user (or project) file. */
export async function setConfigKey(key: string, raw: string, flags: LayerFlags): Promise<void> {
  const locations = configLocations(flags);
  const layer = writeLayer(flags);
  const value = parseConfigValue(raw);
  // The active workflow must exist and compile, or every later `atelier run` would fail on it.
  if (key === 'workflow') await compileWorkflowById(locations, String(value));
  // A model for a role that does not exist would be kept and never used: say so now.
  const role = /^models\.roles\.([^.]+)$/.exec(key)?.[1];
  if (role !== undefined) {
    const registry = await loadRoleRegistry(layerDirs(locations, 'roles'));
    if (!registry.get(role)) unknownItem('role', role, registry);
  }
  const plan = await planConfigSet(configFiles(locations)[layer], key, value);
  await writeFileAtomic(plan.file, plan.text);
  process.stdout.write(`${key} = ${formatValue(value)} in ${plan.file}\n`);
}

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description(GROUP_DESCRIPTIONS.config)
    .addHelpText(
      'after',
      `
Examples:
  atelier config path
  atelier config set models.roles.engineer anthropic/claude-sonnet-4.5
  atelier config set concurrency 4 --project
  atelier config get budget_usd
  atelier config list`,
    );

  withLayerOptions(config.command('path').description('print where the user and project atelier.config.yml files are'), false).action(
    configAction(async (flags: LayerFlags) => {
      const files = configFiles(configLocations(flags));
      for (const origin of ['user', 'project'] as const) {
        const state = existsSync(files[origin]) ? '' : '  (not created yet)';
        process.stdout.write(`${origin.padEnd(8)} ${files[origin]}${state}\n`);
      }
    }),
  );

  withLayerOptions(config.command('get').description('print the effective value of a dotted key, e.g. models.default').argument('<key>'), false).action(
    configAction(async (key: string, flags: LayerFlags) => {
      process.stdout.write(`${formatValue(await getConfigValue(configFiles(configLocations(flags)), key))}\n`);
    }),
  );

  withLayerOptions(
    config
      .command('set')
      .description(CONFIG_SET_DESCRIPTION)
      .argument('<key>')
      .argument('<value>'),
    true,
  ).action(configAction(async (key: string, raw: string, flags: LayerFlags) => setConfigKey(key, raw, flags)));

  withLayerOptions(config.command('list').description('print every value set, and the file (user or project) it comes from'), false).action(
    configAction(async (flags: LayerFlags) => {
      const files = configFiles(configLocations(flags));
      const entries = await configEntries(files);
      if (entries.length === 0) {
        process.stdout.write(`Nothing is set. The files are:\n  user     ${files.user}\n  project  ${files.project}\n`);
        return;
      }
      const width = Math.max(...entries.map((e) => e.key.length));
      for (const entry of entries) {
        process.stdout.write(`${entry.key.padEnd(width)}  ${JSON.stringify(entry.value)}  (${entry.origin})\n`);
      }
    }),
  );
}
