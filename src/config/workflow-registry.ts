import { ConfigError } from './config-error.js';
import { layersInOrder, listYamlFiles, type ConfigSource, type LayerChange, type LayerDirs } from './config-layers.js';
import { fileId, loadWorkflowFile, type LoadedWorkflow } from './load-workflow.js';
import { closestName } from './suggest.js';

export interface WorkflowEntry extends LoadedWorkflow {
  source: ConfigSource;
}

export interface WorkflowRegistry {
  get(id: string): WorkflowEntry | undefined;
  /** Every workflow, sorted by id. */
  list(): WorkflowEntry[];
  suggest(name: string): string | undefined;
}

/**
 * Loads workflows from the built-in, user and project folders, by id (file name); project
 * replaces user replaces built-in. A folder may hold workflow files or bare stages files.
 * With `change`, the registry is loaded as it would be after that change.
 */
export async function loadWorkflowRegistry(dirs: LayerDirs, change?: LayerChange<LoadedWorkflow>): Promise<WorkflowRegistry> {
  const workflows = new Map<string, WorkflowEntry>();
  for (const { layer, dir } of layersInOrder(dirs)) {
    const staged = change?.layer === layer ? change : undefined;
    const seen = new Map<string, string>();
    for (const file of await listYamlFiles(dir)) {
      const id = fileId(file);
      if (staged && id === staged.id) continue;
      const earlier = seen.get(id);
      if (earlier) throw new ConfigError({ file, message: `workflow "${id}" is also defined by ${earlier}; keep one` });
      seen.set(id, file);
      const loaded = await loadWorkflowFile(file);
      workflows.set(id, { ...loaded, source: { layer, file } });
    }
    if (staged?.replacement) workflows.set(staged.id, { ...staged.replacement, id: staged.id, source: { layer, file: staged.replacement.file } });
  }
  return {
    get: (id) => workflows.get(id),
    list: () => [...workflows.values()].sort((a, b) => a.id.localeCompare(b.id)),
    suggest: (name) => closestName(name, workflows.keys()),
  };
}
