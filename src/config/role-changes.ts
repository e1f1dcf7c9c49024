import { describeBroken, workflowsBrokenBy } from './broken-workflows.js';
import { ConfigChangeError } from './config-change-error.js';
import { assertValidId } from './config-id.js';
import { fileForId, layerLabel, sourcesById, type ConfigSource } from './config-layers.js';
import { layerDir, layerDirs, type ConfigLocations, type WritableLayer } from './config-locations.js';
import { roleFromSource } from './load-workflow.js';
import { pickLayerSource, type PlannedDelete, type PlannedWrite } from './planned-change.js';
import { loadRoleRegistry, type RoleRegistry } from './role-registry.js';
import { loadWorkflowRegistry, type WorkflowRegistry } from './workflow-registry.js';
import { parseYaml } from './yaml-file.js';

export interface RoleWriteRequest {
  id: string;
  layer: WritableLayer;
  /** The complete role file, as it will be written. */
  text: string;
  /** The file errors in `text` are reported against: the imported file, the edited copy (default: the target). */
  sourceFile?: string;
  /**
   * `create` and `import` refuse an id the target layer already has (`create` also an alias a
   * role of that layer declares); over a lower layer's role they write an override and say so.
   * `edit` replaces the file it was given. `force` allows the replacement, never a role that
   * does not load.
   */
  mode: 'create' | 'import' | 'edit';
  force?: boolean;
}

/**
 * Checks a role write before anything is written: the id is legal, the name does not clash
 * within the layer (unless forced), the text is a valid role, every role still loads with it in place, and no
 * workflow that compiles today stops compiling (unless forced).
 */
export async function planRoleWrite(locations: ConfigLocations, request: RoleWriteRequest): Promise<PlannedWrite> {
  const { id, layer, mode } = request;
  assertValidId(id, 'role');
  const dirs = layerDirs(locations, 'roles');
  const target = await fileForId(layerDir(locations, 'roles', layer), id);
  const sources = (await sourcesById(dirs)).get(id) ?? [];
  const before = await loadRolesIfPossible(locations);
  if (!request.force) refuseClash(mode, id, layer, target, before);

  const loaded = roleFromSource(parseYaml(request.text, request.sourceFile ?? target.file));
  const after = await loadRoleRegistry(dirs, { layer, id, replacement: { ...loaded, file: target.file } });
  await refuseBrokenWorkflows(locations, before, after, request.force, `role "${id}" was not written`);

  const notes = sources.filter((s) => isBelow(s.layer, layer)).map((s) => `overrides the ${layerLabel(s.layer)} role "${id}" (${s.file})`);
  for (const higher of sources.filter((s) => isBelow(layer, s.layer))) {
    notes.push(`the ${higher.layer} role "${id}" (${higher.file}) still takes precedence in this project`);
  }
  const aliasOf = before?.resolve(id);
  if (aliasOf && aliasOf.id !== id) notes.push(`"${id}" was an alias of role "${aliasOf.id}"; workflows that name "${id}" now use this role`);
  return { id, layer, file: target.file, text: request.text, notes };
}

function refuseClash(
  mode: RoleWriteRequest['mode'],
  id: string,
  layer: WritableLayer,
  target: { file: string; exists: boolean },
  roles: RoleRegistry | undefined,
): void {
  if (mode === 'edit') return;
  if (target.exists) {
    throw new ConfigChangeError('exists', `role "${id}" already exists in the ${layer} layer (${target.file}); pass --force to replace it; nothing was written`);
  }
  // A role or alias of a lower layer is what this layer is for overriding; the notes say so.
  const aliased = roles?.resolve(id);
  if (mode === 'create' && aliased && aliased.id !== id && aliased.role.source.layer === layer) {
    throw new ConfigChangeError(
      'exists',
      `"${id}" is an alias of role "${aliased.id}" in the ${layer} layer (${aliased.role.source.file}); pass --force to create a role that takes its place in every workflow naming "${id}"; nothing was written`,
    );
  }
}

export interface RoleDeleteRequest {
  id: string;
  /** The layer to delete from; by default the one the role comes from now. */
  layer?: WritableLayer;
  force?: boolean;
}

/** Checks a role deletion: the file exists in a writable layer, and no working workflow breaks (unless forced). */
export async function planRoleDelete(locations: ConfigLocations, request: RoleDeleteRequest): Promise<PlannedDelete> {
  const { id } = request;
  const dirs = layerDirs(locations, 'roles');
  const all = await sourcesById(dirs);
  const sources = all.get(id) ?? [];
  const source = pickLayerSource('role', id, sources, request.layer, [...all.keys()]);
  const before = await loadRolesIfPossible(locations);
  const after = await loadRoleRegistry(dirs, { layer: source.layer, id });
  await refuseBrokenWorkflows(locations, before, after, request.force, `role "${id}" was not deleted`);
  const revealed = after.get(id);
  const notes = revealed ? [`"${id}" now resolves to the ${layerLabel(revealed.source.layer)} role (${revealed.source.file})`] : [];
  return { id, layer: source.layer, file: source.file, notes };
}

async function refuseBrokenWorkflows(
  locations: ConfigLocations,
  before: RoleRegistry | undefined,
  after: RoleRegistry,
  force: boolean | undefined,
  refusal: string,
): Promise<void> {
  // With roles that do not load today, no workflow compiles today, so none can be broken by this change.
  if (force || !before) return;
  const workflows = await loadWorkflowsIfPossible(locations);
  if (!workflows) return;
  const broken = workflowsBrokenBy(workflows, before, after);
  if (broken.length > 0) {
    throw new ConfigChangeError('breaks', `${refusal}: it would break ${broken.length === 1 ? 'a workflow' : `${broken.length} workflows`} (pass --force to do it anyway):\n  ${describeBroken(broken)}`);
  }
}

// A broken role file elsewhere must not block the edit that fixes it; the registry after the change is checked in full.
async function loadRolesIfPossible(locations: ConfigLocations): Promise<RoleRegistry | undefined> {
  try {
    return await loadRoleRegistry(layerDirs(locations, 'roles'));
  } catch {
    return undefined;
  }
}

// A workflow file that does not even parse is reported by the workflow commands; it must not stop a role change.
async function loadWorkflowsIfPossible(locations: ConfigLocations): Promise<WorkflowRegistry | undefined> {
  try {
    return await loadWorkflowRegistry(layerDirs(locations, 'workflows'));
  } catch {
    return undefined;
  }
}

const LAYER_RANK = { builtin: 0, user: 1, project: 2 } as const;

function isBelow(layer: ConfigSource['layer'], than: ConfigSource['layer']): boolean {
  return LAYER_RANK[layer] < LAYER_RANK[than];
}
