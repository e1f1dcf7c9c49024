import type { Command } from 'commander';

/**
 * The commands whose modules load only when they are named. Their subcommands need the config,
 * YAML and model layers, so loading them for every command made `atelier --help` and
 * `atelier runs` pay for what they never use. The main help lists them from here: a group
 * command's help line is its name and description, nothing else.
 */
export const GROUP_DESCRIPTIONS = {
  role: 'list, show, create, edit, delete, export and import roles (project > user > built-in)',
  workflow: 'list, show, create, set, validate, export, import and delete workflows (project > user > built-in)',
  config: 'read and change atelier.config.yml (user file, then the project file over it)',
  template: 'project templates: the stack, features, architecture and workflow a project starts from',
  models: 'the model catalog: update it, list it, and see which model each task gets',
} as const;

export type GroupName = keyof typeof GROUP_DESCRIPTIONS;

/** The seed's command names and the Atelier command each one runs (see seed-commands.ts). */
export const SEED_ALIASES = [
  { seed: 'list-roles', ours: 'role list' },
  { seed: 'create-role', ours: 'role create' },
  { seed: 'export-role', ours: 'role export' },
  { seed: 'import-role', ours: 'role import' },
  { seed: 'list-workflows', ours: 'workflow list' },
  { seed: 'set-workflow', ours: 'workflow set' },
  { seed: 'create-workflow', ours: 'workflow create' },
  { seed: 'export-workflow', ours: 'workflow export' },
  { seed: 'import-workflow', ours: 'workflow import' },
  { seed: 'list-models', ours: 'models list' },
  { seed: 'update-config', ours: 'config set' },
] as const;

export type SeedAlias = (typeof SEED_ALIASES)[number];

/** The help topic that lists the seed's names. */
export const SEED_HELP_TOPIC = 'seed-commands';

type Register = (program: Command) => void;

const LOADERS: Record<GroupName | 'seed', () => Promise<Register>> = {
  role: async () => (await import('./role-command.js')).registerRoleCommand,
  workflow: async () => (await import('./workflow-command.js')).registerWorkflowCommand,
  config: async () => (await import('./config-command.js')).registerConfigCommand,
  template: async () => (await import('./template-command.js')).registerTemplateCommand,
  models: async () => (await import('./models-command.js')).registerModelsCommand,
  seed: async () => (await import('./seed-commands.js')).registerSeedCommands,
};

/** The command a command line names: its first word that is not an option, or the topic of `help TOPIC`. */
export function namedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Adds the group `group` to `program`: in full when the command line names it (or one of the
 * seed's names for one of its subcommands), else as a name and description for the main help.
 */
export async function addGroup(program: Command, group: GroupName, named: string | undefined): Promise<void> {
  if (named === group) {
    (await LOADERS[group]())(program);
    return;
  }
  program.command(group).description(GROUP_DESCRIPTIONS[group]);
}

/** The seed's names, hidden from the main help: loaded only when one of them (or their help topic) is named. */
export async function addSeedCommands(program: Command, named: string | undefined): Promise<void> {
  program.addHelpText('after', `\nThe seed's command names (create-role, list-models, update-config, …) work too: atelier help ${SEED_HELP_TOPIC}`);
  if (named === SEED_HELP_TOPIC || SEED_ALIASES.some((alias) => alias.seed === named)) (await LOADERS.seed())(program);
}
