import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ConfigError } from './config-error.js';

/** Where a role or workflow came from; a later layer replaces an earlier one's entry of the same id. */
export type ConfigLayer = 'builtin' | 'user' | 'project';

export interface ConfigSource {
  layer: ConfigLayer;
  file: string;
}

export interface LayerDirs {
  /** The roles/ or workflows/ folder shipped with Atelier. */
  builtinDir: string;
  /** The user's own folder, e.g. ~/.atelier/roles. */
  userDir?: string;
  /** The project's folder, e.g. <project>/.atelier/roles. */
  projectDir?: string;
}

/**
 * A change to one layer that is not written yet, so a registry can be loaded as it would be
 * after it: `replacement` replaces or adds the entry `id`; without one, the entry is removed.
 */
export interface LayerChange<T> {
  layer: ConfigLayer;
  id: string;
  replacement?: T;
}

/** The layers in the order they are applied: each one overrides the ones before it. */
export function layersInOrder(dirs: LayerDirs): { layer: ConfigLayer; dir: string }[] {
  const layers: { layer: ConfigLayer; dir: string }[] = [{ layer: 'builtin', dir: dirs.builtinDir }];
  if (dirs.userDir !== undefined) layers.push({ layer: 'user', dir: dirs.userDir });
  if (dirs.projectDir !== undefined) layers.push({ layer: 'project', dir: dirs.projectDir });
  return layers;
}

/** The `*.yml` and `*.yaml` files in `dir`, sorted by name; a folder that does not exist has none. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file (HOME=/dev/null, as in some service accounts).
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new ConfigError({ file: dir, message: `cannot read folder (${code ?? (error as Error).message})` }, { cause: error });
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name));
}

/** Every id in the layers, with the files that define it, lowest layer first: the last one wins. */
export async function sourcesById(dirs: LayerDirs): Promise<Map<string, ConfigSource[]>> {
  const sources = new Map<string, ConfigSource[]>();
  for (const { layer, dir } of layersInOrder(dirs)) {
    for (const file of await listYamlFiles(dir)) {
      const id = basename(file, extname(file));
      sources.set(id, [...(sources.get(id) ?? []), { layer, file }]);
    }
  }
  return sources;
}

/** The file that holds `id` in `dir`: the existing `.yml` or `.yaml` one, else `<id>.yml`. */
export async function fileForId(dir: string, id: string): Promise<{ file: string; exists: boolean }> {
  const existing = (await listYamlFiles(dir)).find((file) => basename(file, extname(file)) === id);
  return existing ? { file: existing, exists: true } : { file: join(dir, `${id}.yml`), exists: false };
}

/** The layer as a word in a sentence: "the built-in role", "the user workflow". */
export function layerLabel(layer: ConfigLayer): string {
  return layer === 'builtin' ? 'built-in' : layer;
}
