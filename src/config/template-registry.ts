import { ConfigError, ConfigErrors, type ConfigIssue } from './config-error.js';
import { layersInOrder, listYamlFiles, type ConfigSource, type LayerDirs } from './config-layers.js';
import { fileId } from './load-workflow.js';
import { closestName } from './suggest.js';
import { templateSchema, type TemplateDefinition } from './template-schema.js';
import { unknownKeyWarnings } from './unknown-keys.js';
import { readYamlFile, yamlLocator, zodIssuesToConfigErrors } from './yaml-file.js';

export interface TemplateEntry {
  id: string;
  definition: TemplateDefinition;
  source: ConfigSource;
  warnings: ConfigIssue[];
}

export interface TemplateRegistry {
  get(id: string): TemplateEntry | undefined;
  /** Every template, sorted by id. */
  list(): TemplateEntry[];
  suggest(name: string): string | undefined;
}

/** Reads one template file; a problem is a ConfigError or ConfigErrors naming file, line and field. */
export async function loadTemplateFile(file: string): Promise<{ id: string; definition: TemplateDefinition; warnings: ConfigIssue[] }> {
  const source = await readYamlFile(file);
  if (source.value === null) throw new ConfigError({ file, message: 'the file is empty; a template needs name, description, stack, features, architecture and workflow' });
  const locator = yamlLocator(source);
  const result = templateSchema.safeParse(source.value);
  if (!result.success) throw new ConfigErrors(zodIssuesToConfigErrors(locator, result.error.issues, source.value));
  return { id: fileId(file), definition: result.data, warnings: unknownKeyWarnings(templateSchema, source.value, locator) };
}

/**
 * Loads templates from the built-in, user and project folders like roles: by id (file name),
 * project over user over built-in. A broken file throws rather than being skipped.
 */
export async function loadTemplateRegistry(dirs: LayerDirs): Promise<TemplateRegistry> {
  const templates = new Map<string, TemplateEntry>();
  for (const { layer, dir } of layersInOrder(dirs)) {
    const seen = new Map<string, string>();
    for (const file of await listYamlFiles(dir)) {
      const id = fileId(file);
      const earlier = seen.get(id);
      if (earlier) throw new ConfigError({ file, message: `template "${id}" is also defined by ${earlier}; keep one` });
      seen.set(id, file);
      const loaded = await loadTemplateFile(file);
      templates.set(id, { ...loaded, source: { layer, file } });
    }
  }
  return {
    get: (id) => templates.get(id),
    list: () => [...templates.values()].sort((a, b) => a.id.localeCompare(b.id)),
    suggest: (name) => closestName(name, templates.keys()),
  };
}
