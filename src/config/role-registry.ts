import { ConfigError, type ConfigIssue } from './config-error.js';
import { layersInOrder, listYamlFiles, type ConfigSource, type LayerChange, type LayerDirs } from './config-layers.js';
import { fileId, loadRoleFile, type LoadedRole } from './load-workflow.js';
import type { RoleDefinition } from './role-schema.js';
import { closestName } from './suggest.js';

export interface RoleEntry {
  id: string;
  definition: RoleDefinition;
  source: ConfigSource;
  warnings: ConfigIssue[];
}

export interface RoleRegistry {
  /** The role with this id, or the role that declares this alias. */
  get(idOrAlias: string): RoleEntry | undefined;
  resolve(idOrAlias: string): { role: RoleEntry; id: string } | undefined;
  /** Every role, sorted by id. */
  list(): RoleEntry[];
  /** The id or alias closest to a misspelt name, if one is close enough to be the intended one. */
  suggest(name: string): string | undefined;
}

/**
 * Loads roles from the built-in, user and project folders; a project role replaces a user role
 * of the same id, which replaces a built-in one. A broken file throws: silently skipping it would
 * run a workflow with a different role than the user wrote. With `change`, the registry is
 * loaded as it would be after that change, which is how a write is checked before it is made.
 */
export async function loadRoleRegistry(dirs: LayerDirs, change?: LayerChange<LoadedRole>): Promise<RoleRegistry> {
  const roles = new Map<string, RoleEntry>();
  // Aliases from every layer; a higher layer's claim wins. An alias points at an id, so a user
  // who overrides `engineer` without aliases still gets `code_generation` resolved to their role.
  const aliases = new Map<string, string>();
  for (const { layer, dir } of layersInOrder(dirs)) {
    const staged = change?.layer === layer ? change : undefined;
    const layerRoles = new Map<string, RoleEntry>();
    const layerAliases = new Map<string, RoleEntry>();
    const loaded: LoadedRole[] = [];
    const seen = new Map<string, string>();
    for (const file of await listYamlFiles(dir)) {
      if (staged && fileId(file) === staged.id) continue;
      const earlier = seen.get(fileId(file));
      if (earlier) throw new ConfigError({ file, message: `role "${fileId(file)}" is also defined by ${earlier}; keep one` });
      seen.set(fileId(file), file);
      loaded.push(await loadRoleFile(file));
    }
    if (staged?.replacement) loaded.push({ ...staged.replacement, id: staged.id });
    for (const role of loaded) {
      const entry: RoleEntry = { id: role.id, definition: role.definition, source: { layer, file: role.file }, warnings: role.warnings };
      layerRoles.set(entry.id, entry);
      for (const alias of entry.definition.aliases ?? []) {
        const claimed = layerAliases.get(alias);
        if (claimed && claimed.id !== entry.id) {
          throw new ConfigError({
            file: role.file,
            field: 'aliases',
            message: `alias "${alias}" is also declared by role "${claimed.id}" (${claimed.source.file}); an alias must name one role`,
          });
        }
        layerAliases.set(alias, entry);
      }
    }
    for (const [id, entry] of layerRoles) roles.set(id, entry);
    for (const [alias, entry] of layerAliases) aliases.set(alias, entry.id);
  }
  return createRoleRegistry(roles, aliases);
}

/** A registry over roles already loaded; ids win over aliases so an alias can never hide a role. */
export function createRoleRegistry(roles: ReadonlyMap<string, RoleEntry>, aliases: ReadonlyMap<string, string> = new Map()): RoleRegistry {
  const resolve = (idOrAlias: string): { role: RoleEntry; id: string } | undefined => {
    const direct = roles.get(idOrAlias);
    if (direct) return { role: direct, id: direct.id };
    const target = aliases.get(idOrAlias);
    const aliased = target === undefined ? undefined : roles.get(target);
    return aliased ? { role: aliased, id: aliased.id } : undefined;
  };
  return {
    get: (idOrAlias) => resolve(idOrAlias)?.role,
    resolve,
    list: () => [...roles.values()].sort((a, b) => a.id.localeCompare(b.id)),
    suggest: (name) => closestName(name, [...roles.keys(), ...[...aliases.keys()].filter((a) => resolve(a))]),
  };
}
