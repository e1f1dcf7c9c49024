import { existsSync } from 'node:fs';
import { compileWorkflow, type CompiledWorkflow } from './compile-workflow.js';
import { ConfigChangeError } from './config-change-error.js';
import { formatConfigIssue } from './config-error.js';
import { assertValidId } from './config-id.js';
import { fileForId, layerLabel, sourcesById, type ConfigLayer } from './config-layers.js';
import { configFiles, layerDir, layerDirs, type ConfigLocations, type WritableLayer } from './config-locations.js';
import { fileId, workflowFromSource, type LoadedWorkflow } from './load-workflow.js';
import { pickLayerSource, type PlannedDelete, type PlannedWrite } from './planned-change.js';
import { loadRoleRegistry } from './role-registry.js';
import { loadWorkflowRegistry, type WorkflowEntry } from './workflow-registry.js';
import { workflowTextFromStages } from './workflow-yaml.js';
import { parseYaml, readYamlFile, type YamlSource } from './yaml-file.js';

export interface WorkflowWriteRequest {
  id: string;
  layer: WritableLayer;
  /** The complete workflow file, as it will be written. */
  text: string;
  /** The file errors in `text` are reported against. */
  sourceFile: string;
  /** Both refuse an id the target layer has (`force` replaces it); over a lower layer they write an override. */
  mode: 'create' | 'import';
  force?: boolean;
}

/**
 * Checks a workflow write before anything is written: a legal id, no clash in the layer (unless forced), and
 * a file that loads and compiles against the roles this project sees, every problem with its line.
 */
export async function planWorkflowWrite(locations: ConfigLocations, request: WorkflowWriteRequest): Promise<PlannedWrite> {
  const { id, layer } = request;
  assertValidId(id, 'workflow');
  const target = await fileForId(layerDir(locations, 'workflows', layer), id);
  const sources = (await sourcesById(layerDirs(locations, 'workflows'))).get(id) ?? [];
  // Only the target layer can clash: a lower layer's workflow is what this one overrides, as the notes say.
  if (!request.force && target.exists) {
    throw new ConfigChangeError('exists', `workflow "${id}" already exists in the ${layer} layer (${target.file}); pass --force to replace it; nothing was written`);
  }
  const loaded = await compileSource(locations, parseYaml(request.text, request.sourceFile), id);
  const notes = sources.filter((s) => rank(s.layer) < rank(layer)).map((s) => `overrides the ${layerLabel(s.layer)} workflow "${id}" (${s.file})`);
  for (const higher of sources.filter((s) => rank(s.layer) > rank(layer))) {
    notes.push(`the ${higher.layer} workflow "${id}" (${higher.file}) still takes precedence in this project`);
  }
  notes.push(...loaded.warnings.map((warning) => `warning: ${formatConfigIssue(warning)}`));
  return { id, layer, file: target.file, text: request.text, notes };
}

/** Loads and compiles a workflow against the project's roles; throws every problem with its line. */
async function compileSource(locations: ConfigLocations, source: YamlSource, id: string): Promise<LoadedWorkflow & { compiled: CompiledWorkflow }> {
  const loaded = workflowFromSource(source);
  const roles = await loadRoleRegistry(layerDirs(locations, 'roles'));
  return { ...loaded, compiled: compileWorkflow(loaded, { roles, id }) };
}

/**
 * The text `workflow create` writes: a seed-format workflow around the stages of `stagesFile`,
 * which is validated first so every problem is reported at its line in that file.
 */
export async function workflowTextFromStagesFile(
  locations: ConfigLocations,
  stagesFile: string,
  meta: { id: string; name?: string; description?: string },
): Promise<string> {
  const source = await readYamlFile(stagesFile);
  const fromFile = (await compileSource(locations, source, meta.id)).definition;
  // A full workflow file given as --stages-file keeps its own name and description unless overridden.
  const isStagesList = Array.isArray(source.value);
  return workflowTextFromStages(source, {
    name: meta.name ?? (isStagesList ? meta.id : fromFile.name),
    description: meta.description ?? (isStagesList ? '' : fromFile.description),
  });
}

export interface WorkflowDeleteRequest {
  id: string;
  layer?: WritableLayer;
}

/** Checks a workflow deletion: the file is in a writable layer; notes say what the id means afterwards. */
export async function planWorkflowDelete(locations: ConfigLocations, request: WorkflowDeleteRequest): Promise<PlannedDelete> {
  const dirs = layerDirs(locations, 'workflows');
  const all = await sourcesById(dirs);
  const sources = all.get(request.id) ?? [];
  const source = pickLayerSource('workflow', request.id, sources, request.layer, [...all.keys()]);
  const after = await loadWorkflowRegistry(dirs, { layer: source.layer, id: request.id });
  const revealed = after.get(request.id);
  const notes: string[] = [];
  if (revealed) notes.push(`"${request.id}" now resolves to the ${layerLabel(revealed.source.layer)} workflow (${revealed.source.file})`);
  else {
    for (const file of Object.values(configFiles(locations))) {
      if (existsSync(file) && (await activeWorkflowIn(file)) === request.id) {
        notes.push(`warning: ${file} still names "${request.id}" as the active workflow; change it with \`atelier workflow set ID\``);
      }
    }
  }
  return { id: request.id, layer: source.layer, file: source.file, notes };
}

async function activeWorkflowIn(file: string): Promise<unknown> {
  try {
    const value = (await readYamlFile(file)).value;
    return typeof value === 'object' && value !== null && 'workflow' in value ? value.workflow : undefined;
  } catch {
    return undefined;
  }
}

const RANK: Record<ConfigLayer, number> = { builtin: 0, user: 1, project: 2 };

function rank(layer: ConfigLayer): number {
  return RANK[layer];
}

/** `workflow validate FILE`: loads and compiles the file against the project's roles, or throws every problem. */
export async function checkWorkflowFile(locations: ConfigLocations, file: string): Promise<LoadedWorkflow & { compiled: CompiledWorkflow }> {
  return compileSource(locations, await readYamlFile(file), fileId(file));
}

/**
 * The workflow `id` as this project sees it, compiled: what `workflow set` and `workflow show`
 * need. An unknown id is refused with the closest known one.
 */
export async function compileWorkflowById(locations: ConfigLocations, id: string): Promise<{ entry: WorkflowEntry; compiled: CompiledWorkflow }> {
  const workflows = await loadWorkflowRegistry(layerDirs(locations, 'workflows'));
  const entry = workflows.get(id);
  if (!entry) {
    const hint = workflows.suggest(id);
    const known = workflows.list().map((w) => w.id).join(', ');
    throw new ConfigChangeError('not_found', `unknown workflow "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; known workflows: ${known}`);
  }
  const roles = await loadRoleRegistry(layerDirs(locations, 'roles'));
  return { entry, compiled: compileWorkflow(entry, { roles }) };
}
