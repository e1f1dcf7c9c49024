import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  ConfigChangeError,
  fileId,
  layerDirs,
  sourcesById,
  writeFileAtomic,
  type ConfigKind,
  type ConfigLocations,
  type ConfigSource,
  type LayerDirs,
  type PlannedDelete,
  type PlannedWrite,
  type WritableLayer,
} from '../../config/index.js';
import {
  configAction,
  configLocations,
  explicitLayer,
  exportFile,
  printNotes,
  printTable,
  readInput,
  withLayerOptions,
  writeLayer,
  type LayerFlags,
} from './config-command.js';

export type ItemKind = 'role' | 'workflow' | 'template';

/** What the commands need of a role, workflow or template registry (project > user > built-in). */
export interface LayeredRegistry<E extends { id: string; source: ConfigSource }> {
  get(id: string): E | undefined;
  /** Every item, sorted by id. */
  list(): E[];
  suggest(name: string): string | undefined;
  /** Files of this kind that do not load; `list` shows them with their problems instead of failing. */
  broken?(): BrokenItem[];
}

/** An item whose file does not load, and why. */
export interface BrokenItem {
  id: string;
  source: ConfigSource;
  errors: readonly { message: string }[];
}

/** A kind of layered item, and how `list` shows one. */
export interface LayeredItemKind<E extends { id: string; source: ConfigSource }> {
  kind: ItemKind;
  folder: ConfigKind;
  loadRegistry(dirs: LayerDirs): Promise<LayeredRegistry<E>>;
  /** The NAME column of `list`. */
  displayName(entry: E): string;
  /** What `list` says of an item ahead of what it overrides, e.g. `5 stages`. */
  listNotes?(entry: E): string[];
  /** The id `list` marks with `*`, the one in use (the active workflow). */
  activeId?(locations: ConfigLocations): Promise<string>;
}

export type ImportPlanner = (
  locations: ConfigLocations,
  request: { id: string; layer: WritableLayer; text: string; sourceFile: string; mode: 'import'; force?: boolean },
) => Promise<PlannedWrite>;

export type DeletePlanner = (locations: ConfigLocations, request: { id: string; layer?: WritableLayer; force?: boolean }) => Promise<PlannedDelete>;

/**
 * The name a sub-command is added under: `create` under `role`, or, for the seed's names,
 * `create-role` under the program, hidden from its --help.
 */
export interface CommandPlacement {
  name: string;
  hidden?: boolean;
}

export function addSubcommand(parent: Command, placement: CommandPlacement): Command {
  return parent.command(placement.name, { hidden: placement.hidden ?? false });
}

/** The sub-commands roles, workflows and templates share; each is added where its parent lists it in --help. */
export interface LayeredItemCommands {
  addList(parent: Command, description: string, placement?: CommandPlacement): Command;
  addExport(parent: Command, placement?: CommandPlacement): Command;
  addImport(parent: Command, planImport: ImportPlanner, placement?: CommandPlacement): Command;
  /** `force` is the help of a --force option, for a kind whose deletion can be refused for what it breaks. */
  addDelete(parent: Command, planDelete: DeletePlanner, help: { description: string; force?: string }): void;
}

export function layeredItemCommands<E extends { id: string; source: ConfigSource }>(item: LayeredItemKind<E>): LayeredItemCommands {
  const { kind, folder } = item;
  return {
    addList(parent, description, placement = { name: 'list' }) {
      return withLayerOptions(addSubcommand(parent, placement).description(description), false).action(
        configAction(async (flags: LayerFlags) => {
          const locations = configLocations(flags);
          const dirs = layerDirs(locations, folder);
          const registry = await item.loadRegistry(dirs);
          const sources = await sourcesById(dirs);
          const active = await item.activeId?.(locations);
          const marked = (id: string) => (active === undefined ? id : `${id === active ? '*' : ' '} ${id}`);
          const listed = registry.list().map((entry) => {
            const hidden = (sources.get(entry.id) ?? []).slice(0, -1).map((s) => s.layer).reverse();
            const notes = [...(item.listNotes?.(entry) ?? []), hidden.length > 0 ? `overrides ${hidden.join(', ')}` : ''].filter((n) => n !== '');
            return { id: entry.id, row: [marked(entry.id), item.displayName(entry), entry.source.layer, notes.join(', ')] };
          });
          const broken = registry.broken?.() ?? [];
          const unloaded = broken.map((b) => ({ id: b.id, row: [marked(b.id), '-', b.source.layer, 'BROKEN: does not load (below)'] }));
          const rows = [...listed, ...unloaded].sort((a, b) => a.id.localeCompare(b.id)).map((entry) => entry.row);
          printTable([active === undefined ? 'ID' : '  ID', 'NAME', 'LAYER', ''], rows);
          printBroken(kind, broken);
        }),
      );
    },

    addExport(parent, placement = { name: 'export' }) {
      return withLayerOptions(
        addSubcommand(parent, placement)
          .description(`write the ${kind} file as this project sees it to --output (default: print it)`)
          .argument('<id>')
          .option('--output <file>', 'the file to write')
          .option('--force', 'replace the output file if it exists'),
        false,
      ).action(
        configAction(async (id: string, flags: LayerFlags & { output?: string; force?: boolean }) => {
          // Loaded, not compiled: a workflow that stopped compiling, or a role that stopped loading, can still be exported, to be fixed elsewhere.
          const registry = await item.loadRegistry(layerDirs(configLocations(flags), folder));
          const entry = registry.get(id) ?? registry.broken?.().find((b) => b.id === id) ?? unknownItem(kind, id, registry);
          await exportFile(entry.source.file, flags.output, flags.force, `${kind} "${entry.id}"`);
        }),
      );
    },

    addImport(parent, planImport, placement = { name: 'import' }) {
      return withLayerOptions(
        addSubcommand(parent, placement)
          .description(`validate a ${kind} file and copy it into your user (or project) layer`)
          .argument('[id]', `the ${kind} id (default: the file name)`)
          .requiredOption('--input <file>', `the ${kind} file to import`)
          .option('--force', `replace a ${kind} of this id in the layer`),
        true,
      ).action(
        configAction(async (given: string | undefined, flags: LayerFlags & { input: string; force?: boolean }) => {
          const input = resolve(flags.input);
          const text = await readInput(input);
          const id = given ?? fileId(input);
          const layer = writeLayer(flags);
          const plan = await planImport(configLocations(flags), { id, layer, text, sourceFile: input, mode: 'import', force: flags.force });
          await applyWrite(plan, `imported ${kind} "${id}" into the ${layer} layer`);
        }),
      );
    },

    addDelete(parent, planDelete, help) {
      const command = parent.command('delete').description(help.description).argument('<id>');
      if (help.force !== undefined) command.option('--force', help.force);
      withLayerOptions(command, true).action(
        configAction(async (id: string, flags: LayerFlags & { force?: boolean }) => {
          const plan = await planDelete(configLocations(flags), { id, layer: explicitLayer(flags), force: flags.force });
          await rm(plan.file);
          process.stdout.write(`deleted ${kind} "${id}" from the ${plan.layer} layer: ${plan.file}\n`);
          printNotes(plan.notes);
        }),
      );
    },
  };
}

/** Each broken item with its problems, after the table: listing is how a user finds them. */
function printBroken(kind: ItemKind, broken: readonly BrokenItem[]): void {
  for (const item of broken) {
    process.stdout.write(`\n${kind} "${item.id}" (${item.source.file}) does not load; only what uses it fails. Fix the file, or delete it with \`atelier ${kind} delete ${item.id}\`:\n`);
    for (const error of item.errors) process.stdout.write(`  ${error.message}\n`);
  }
}

/** Writes a change that passed its checks, then says what was done and what it means. */
export async function applyWrite(plan: PlannedWrite, done: string): Promise<void> {
  await writeFileAtomic(plan.file, plan.text);
  process.stdout.write(`${done}: ${plan.file}\n`);
  printNotes(plan.notes);
}

export function unknownItem(kind: ItemKind, id: string, registry: { suggest(name: string): string | undefined }): never {
  const hint = registry.suggest(id);
  throw new ConfigChangeError('not_found', `unknown ${kind} "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`atelier ${kind} list\` shows every ${kind}`);
}
