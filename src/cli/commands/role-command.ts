import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  collectList,
  collectRepeated,
  ConfigChangeError,
  describeBrokenRole,
  layerDirs,
  loadRoleRegistry,
  planRoleDelete,
  planRoleWrite,
  roleFileFromOptions,
  serializeRole,
  sourcesById,
  type ConfigLocations,
  type RoleOptions,
  type WritableLayer,
} from '../../config/index.js';
import { badInputMessage, configAction, configLocations, explicitLayer, failBadInput, withLayerOptions, writeLayer, type LayerFlags } from './config-command.js';
import { addSubcommand, applyWrite, layeredItemCommands, unknownItem, type CommandPlacement } from './layered-item-commands.js';
import { GROUP_DESCRIPTIONS } from './command-groups.js';

interface WriteFlags extends LayerFlags {
  force?: boolean;
}

const LIST_DESCRIPTION = 'every role: id, display name, layer, and what it overrides';

const roleItems = layeredItemCommands({
  kind: 'role',
  folder: 'roles',
  loadRegistry: loadRoleRegistry,
  displayName: (entry) => entry.definition.display_name ?? entry.definition.name,
});

export function registerRoleCommand(program: Command): void {
  const role = program
    .command('role')
    .description(GROUP_DESCRIPTIONS.role)
    .addHelpText(
      'after',
      `
Examples:
  atelier role create security_expert --display-name "Security Expert" \\
    --description "Performs comprehensive security analysis" --prompt-file security_prompt.txt \\
    --sections "Executive Summary,Threat Model,Detailed Findings" \\
    --required-pattern OWASP --required-pattern authentication --required-pattern encryption
  atelier role show security_expert
  atelier role export security_expert --output security_expert_role.yml
  atelier role import security_expert --input security_expert_role.yml`,
    );

  roleItems.addList(role, LIST_DESCRIPTION);

  withLayerOptions(role.command('show').description('print a role and the file it comes from').argument('<id>', 'role id or alias'), false).action(
    configAction(async (id: string, flags: LayerFlags) => showRole(configLocations(flags), id)),
  );

  addRoleCreate(role, { name: 'create' });

  withLayerOptions(
    role
      .command('edit')
      .description('open the role in $EDITOR; the file is replaced only if the edited role is valid')
      .argument('<id>')
      .option('--force', 'save even if a workflow that loads today would stop loading'),
    true,
  ).action(configAction(async (id: string, flags: WriteFlags) => editRole(configLocations(flags), id, flags)));

  roleItems.addDelete(role, planRoleDelete, {
    description: 'delete a role file from your user or project layer (built-in roles cannot be deleted)',
    force: 'delete even if a workflow that loads today would stop loading',
  });
  roleItems.addExport(role);
  roleItems.addImport(role, planRoleWrite);
}

/** The role sub-commands the seed had too, to add again under its names (`create-role`, …). */
export const roleSubcommands = {
  list: (parent: Command, placement: CommandPlacement) => roleItems.addList(parent, LIST_DESCRIPTION, placement),
  create: addRoleCreate,
  export: (parent: Command, placement: CommandPlacement) => roleItems.addExport(parent, placement),
  import: (parent: Command, placement: CommandPlacement) => roleItems.addImport(parent, planRoleWrite, placement),
};

function addRoleCreate(parent: Command, placement: CommandPlacement): Command {
  return withLayerOptions(
    addSubcommand(parent, placement)
      .description('create a role in the seed format (in your user configuration unless --project)')
      .argument('<id>', 'the role id, also its file name: lower case, digits, _ and -')
      .option('--display-name <name>', 'the name shown in progress and commits (default: from the id)')
      .option('--description <text>', 'what the role does')
      .option('--prompt-file <file>', 'a text file holding the system prompt')
      .option('--prompt <text>', 'the system prompt itself, for a short one')
      .option('--sections <list>', 'sections the document must have, comma-separated or repeated', collectList)
      .option('--required-pattern <text>', 'text every answer must contain (repeatable)', collectRepeated)
      .option('--context-size <size>', 'small, medium, large or a number of tokens')
      .option('--reasoning <level>', 'basic, standard or strong')
      .option('--temperature <t>', 'sampling temperature from 0 to 2')
      .option('--model <id>', 'a model id the role prefers (model_preferences.model)')
      .option('--document <kind>', 'the document kind it writes when the stage output is not a kind (default: sectioned with --sections, else markdown)')
      .option('--behaviour <kind>', 'document (default), engineer or qa')
      .option('--alias <name>', 'another name workflows may use for the role (repeatable)', collectRepeated)
      .option('--force', 'replace a role of this id in the same layer, or write it although a workflow that loads today would stop loading (a built-in role needs no --force: yours overrides it)'),
    true,
  ).action(
    configAction(async (id: string, flags: WriteFlags & Omit<RoleOptions, 'requiredPatterns' | 'aliases'> & { requiredPattern?: string[]; alias?: string[] }) => {
      const locations = configLocations(flags);
      const options: RoleOptions = { ...flags, requiredPatterns: flags.requiredPattern, aliases: flags.alias };
      if (flags.promptFile !== undefined) options.promptFile = resolve(flags.promptFile);
      const text = serializeRole(await roleFileFromOptions(id, options));
      const layer = writeLayer(flags);
      const plan = await planRoleWrite(locations, { id, layer, text, mode: 'create', force: flags.force });
      await applyWrite(plan, `created role "${id}" in the ${layer} layer`);
    }),
  );
}

async function showRole(locations: ConfigLocations, id: string): Promise<void> {
  const registry = await loadRoleRegistry(layerDirs(locations, 'roles'));
  const resolved = registry.resolve(id);
  const broken = resolved ? undefined : registry.brokenFor(id);
  if (broken) throw new ConfigChangeError('invalid', `${describeBrokenRole(broken)}\nFix the file, or delete it with \`atelier role delete ${broken.id}\``);
  if (!resolved) unknownItem('role', id, registry);
  const { role } = resolved;
  const def = role.definition;
  const hidden = ((await sourcesById(layerDirs(locations, 'roles'))).get(role.id) ?? []).slice(0, -1).reverse();
  const out: string[] = [];
  if (resolved.id !== id) out.push(`"${id}" is an alias of role "${resolved.id}"`);
  out.push(`${role.id} — ${def.display_name ?? def.name}`);
  out.push(`source: ${role.source.layer} (${role.source.file})`);
  for (const s of hidden) out.push(`overrides: ${s.layer} (${s.file})`);
  if (def.description) out.push(`description: ${def.description}`);
  out.push(`behaviour: ${def.behaviour}${def.document ? `, writes ${def.document}` : ''}`);
  if (def.aliases?.length) out.push(`aliases: ${def.aliases.join(', ')}`);
  if (def.output_format?.sections?.length) out.push(`sections: ${def.output_format.sections.join(', ')}`);
  const patterns = def.output_format?.validation?.required_patterns;
  if (patterns?.length) out.push(`required patterns: ${patterns.join(', ')}`);
  const prefs = Object.entries(def.model_preferences ?? {}).map(([key, value]) => `${key} ${String(value)}`);
  if (prefs.length > 0) out.push(`model preferences: ${prefs.join(', ')}`);
  if (def.tools?.length) out.push(`tools: ${def.tools.join(', ')}`);
  out.push('system prompt:', ...def.system_prompt.trimEnd().split('\n').map((line) => `  ${line}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Edits a copy in a temporary folder, so the role file changes only when the editor exits
 * successfully and the edited role passes every check; an invalid copy is kept for the user.
 */
async function editRole(locations: ConfigLocations, id: string, flags: WriteFlags): Promise<void> {
  const sources = (await sourcesById(layerDirs(locations, 'roles'))).get(id) ?? [];
  const current = sources.at(-1);
  if (!current) unknownItem('role', id, await loadRoleRegistry(layerDirs(locations, 'roles')));
  const layer: WritableLayer = explicitLayer(flags) ?? (current.layer === 'builtin' ? 'user' : current.layer);
  const base = sources.filter((s) => s.layer === layer).at(-1) ?? current;
  const original = await readFile(base.file, 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'atelier-edit-'));
  const copy = join(dir, `${id}.yml`);
  await writeFile(copy, original);

  const editor = process.env.VISUAL?.trim() || process.env.EDITOR?.trim() || 'vi';
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'atelier-edit', copy], { stdio: 'inherit' });
  if (result.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new ConfigChangeError('invalid', `the editor (${editor}) ${result.error ? `could not start: ${result.error.message}` : `exited with code ${String(result.status ?? result.signal)}`}; ${base.file} was not changed`);
  }
  const edited = await readFile(copy, 'utf8');
  if (edited === original && base.layer === layer) {
    await rm(dir, { recursive: true, force: true });
    process.stdout.write(`no changes; ${base.file} was not changed\n`);
    return;
  }
  try {
    const plan = await planRoleWrite(locations, { id, layer, text: edited, sourceFile: copy, mode: 'edit', force: flags.force });
    await applyWrite(plan, `saved role "${id}" in the ${layer} layer`);
    await rm(dir, { recursive: true, force: true });
  } catch (error) {
    const message = badInputMessage(error);
    if (message === undefined) throw error;
    failBadInput(`${message}\nThe edited role is not valid, so ${base.file} was kept as it was.\nYour edited copy is at ${copy}; fix it and run: atelier role import ${id} --input ${copy} --force`);
  }
}
