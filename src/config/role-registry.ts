import type { BrokenRole } from './broken-roles.js';
import { ConfigError, configProblems, type ConfigIssue } from './config-error.js';
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
  /** Every role that loads, sorted by id. */
  list(): RoleEntry[];
  /** The id or alias closest to a misspelt name, if one is close enough to be the intended one. */
  suggest(name: string): string | undefined;
  /** Every role file that does not load, sorted by id. */
  broken(): BrokenRole[];
  /** The broken role a name means (its id, or an alias of it): why the name resolves to no role. */
  brokenFor(idOrAlias: string): BrokenRole | undefined;
}

/**
 * Loads roles from the built-in, user and project folders; a project role replaces a user role
 * of the same id, which replaces a built-in one. A file that does not load is kept as broken
 * under its id, hiding the lower layers' role of that id: running a workflow with a different
 * role than the user wrote would be worse than stopping. Only what uses it fails. With `change`,
 * the registry is loaded as it would be after that change, which is how a write is checked
 * before it is made; a change whose own role would not load throws.
 */
export async function loadRoleRegistry(dirs: LayerDirs, change?: LayerChange<LoadedRole>): Promise<RoleRegistry> {
  const roles = new Map<string, RoleEntry>();
  const broken = new Map<string, BrokenRole>();
  // Aliases from every layer; a higher layer's claim wins. An alias points at an id, so a user
  // who overrides `engineer` without aliases still gets `code_generation` resolved to their role.
  const aliases = new Map<string, string>();
  for (const { layer, dir } of layersInOrder(dirs)) {
    const staged = change?.layer === layer ? change : undefined;
    const layerRoles = new Map<string, RoleEntry>();
    const layerBroken = new Map<string, BrokenRole>();
    const layerAliases = new Map<string, RoleEntry>();
    const loaded: LoadedRole[] = [];
    const seen = new Map<string, string>();
    for (const file of await listYamlFiles(dir)) {
      const id = fileId(file);
      if (staged && id === staged.id) continue;
      const earlier = seen.get(id);
      if (earlier) {
        // Neither file wins: which one the user meant is not ours to guess.
        layerBroken.set(id, { id, source: { layer, file }, errors: [new ConfigError({ file, message: `role "${id}" is also defined by ${earlier}; keep one` })] });
        continue;
      }
      seen.set(id, file);
      try {
        loaded.push(await loadRoleFile(file));
      } catch (error) {
        const problems = configProblems(error);
        if (!problems) throw error;
        layerBroken.set(id, { id, source: { layer, file }, errors: problems });
      }
    }
    if (staged?.replacement) loaded.push({ ...staged.replacement, id: staged.id });
    for (const role of loaded) {
      if (layerBroken.has(role.id)) continue;
      const entry: RoleEntry = { id: role.id, definition: role.definition, source: { layer, file: role.file }, warnings: role.warnings };
      const clash = aliasClash(entry, layerAliases);
      if (clash) {
        if (staged && role.id === staged.id) throw clash;
        layerBroken.set(role.id, { id: role.id, source: entry.source, errors: [clash] });
        continue;
      }
      layerRoles.set(entry.id, entry);
      for (const alias of entry.definition.aliases ?? []) layerAliases.set(alias, entry);
    }
    for (const [id, entry] of layerRoles) {
      roles.set(id, entry);
      broken.delete(id);
    }
    for (const [id, entry] of layerBroken) {
      broken.set(id, entry);
      roles.delete(id);
    }
    for (const [alias, entry] of layerAliases) aliases.set(alias, entry.id);
  }
  return createRoleRegistry(roles, aliases, broken);
}

/** The error of an alias this role declares that another role of the same layer declared first. */
function aliasClash(entry: RoleEntry, layerAliases: ReadonlyMap<string, RoleEntry>): ConfigError | undefined {
  for (const alias of entry.definition.aliases ?? []) {
    const claimed = layerAliases.get(alias);
    if (claimed && claimed.id !== entry.id) {
      return new ConfigError({
        file: entry.source.file,
        field: 'aliases',
        message: `alias "${alias}" is also declared by role "${claimed.id}" (${claimed.source.file}); an alias must name one role`,
      });
    }
  }
  return undefined;
}

/**
 * A registry over roles already loaded; ids win over aliases so an alias can never hide a role,
 * and a broken role's id resolves to nothing rather than to an alias of the same name.
 */
export function createRoleRegistry(
  roles: ReadonlyMap<string, RoleEntry>,
  aliases: ReadonlyMap<string, string> = new Map(),
  broken: ReadonlyMap<string, BrokenRole> = new Map(),
): RoleRegistry {
  const resolve = (idOrAlias: string): { role: RoleEntry; id: string } | undefined => {
    const direct = roles.get(idOrAlias);
    if (direct) return { role: direct, id: direct.id };
    if (broken.has(idOrAlias)) return undefined;
    const target = aliases.get(idOrAlias);
    const aliased = target === undefined ? undefined : roles.get(target);
    return aliased ? { role: aliased, id: aliased.id } : undefined;
  };
  return {
    get: (idOrAlias) => resolve(idOrAlias)?.role,
    resolve,
    list: () => [...roles.values()].sort((a, b) => a.id.localeCompare(b.id)),
    suggest: (name) => closestName(name, [...roles.keys(), ...[...aliases.keys()].filter((a) => resolve(a))]),
    broken: () => [...broken.values()].sort((a, b) => a.id.localeCompare(b.id)),
    brokenFor: (idOrAlias) => {
      if (roles.has(idOrAlias)) return undefined;
      const target = broken.has(idOrAlias) ? idOrAlias : aliases.get(idOrAlias);
      return target === undefined ? undefined : broken.get(target);
    },
  };
}
