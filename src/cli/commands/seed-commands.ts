import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';
import { SEED_ALIASES, SEED_HELP_TOPIC, type SeedAlias } from './command-groups.js';
import { configAction, CONFIG_SET_DESCRIPTION, setConfigKey, withLayerOptions, type LayerFlags } from './config-command.js';
import { addSubcommand, type CommandPlacement } from './layered-item-commands.js';
import { addModelsList } from './models-command.js';
import { roleSubcommands } from './role-command.js';
import { workflowSubcommands } from './workflow-command.js';

/** One of the seed's command names, and the Atelier command it runs, with the same arguments and flags. */
type AddCommand = (parent: Command, placement: CommandPlacement) => Command;

/** How each Atelier command a seed name runs is added. */
const ADDERS: Record<SeedAlias['ours'], AddCommand> = {
  'role list': roleSubcommands.list,
  'role create': roleSubcommands.create,
  'role export': roleSubcommands.export,
  'role import': roleSubcommands.import,
  'workflow list': workflowSubcommands.list,
  'workflow set': workflowSubcommands.set,
  'workflow create': workflowSubcommands.create,
  'workflow export': workflowSubcommands.export,
  'workflow import': workflowSubcommands.import,
  'models list': addModelsList,
  'config set': addUpdateConfig,
};

const SEED_COMMANDS = SEED_ALIASES.map((alias) => ({ ...alias, add: ADDERS[alias.ours] }));

/** `update-config KEY VALUE`, or `--key KEY --value VALUE`: the seed's name for `config set`. */
function addUpdateConfig(parent: Command, placement: CommandPlacement): Command {
  return withLayerOptions(
    addSubcommand(parent, placement)
      .description(CONFIG_SET_DESCRIPTION)
      .argument('[key]', 'a dotted key, e.g. models.default')
      .argument('[value]', 'the value, read as YAML')
      .option('--key <key>', 'the key, instead of the first argument')
      .option('--value <value>', 'the value, instead of the second argument'),
    true,
  ).action(
    configAction(async (key: string | undefined, value: string | undefined, flags: LayerFlags & { key?: string; value?: string }) => {
      // With --key, the one argument left is the value: `update-config --key workflow security_focused`.
      const [chosenKey, chosenValue] = flags.key !== undefined ? [flags.key, flags.value ?? key] : [key, flags.value ?? value];
      if (chosenKey === undefined || chosenValue === undefined) throw new UsageError('update-config takes KEY VALUE (or --key KEY --value VALUE), e.g. update-config workflow security_focused');
      await setConfigKey(chosenKey, chosenValue, flags);
    }),
  );
}

function seedCommandsHelp(): string {
  const width = Math.max(...SEED_COMMANDS.map((c) => c.seed.length));
  const rows = SEED_COMMANDS.map((c) => `  atelier ${c.seed.padEnd(width)}  = atelier ${c.ours}`);
  return [
    "The seed's command names work as aliases; each takes the same arguments and flags as the Atelier command:",
    '',
    ...rows,
    '',
    '`atelier create-role --help` (or any of them) prints its flags. update-config also takes --key KEY --value VALUE.',
    'See docs/custom-roles.md for the walkthrough with these names.',
    '',
  ].join('\n');
}

/**
 * The seed's command names (`create-role`, `list-models`, …), hidden from the main --help so it
 * lists each command once; `atelier help seed-commands` lists them.
 */
export function registerSeedCommands(program: Command): void {
  for (const command of SEED_COMMANDS) {
    const added = command.add(program, { name: command.seed, hidden: true });
    added.description(`${added.description()} (the seed's name for \`atelier ${command.ours}\`)`);
  }
  const help = seedCommandsHelp();
  program
    .command(SEED_HELP_TOPIC, { hidden: true })
    .description("list the seed's command names and the Atelier commands they run")
    .configureHelp({ formatHelp: () => help })
    .action(() => {
      process.stdout.write(help);
    });
}
