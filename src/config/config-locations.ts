import { join } from 'node:path';
import { appConfigFiles, type AppConfigFiles } from './app-config.js';
import type { ConfigLayer, LayerDirs } from './config-layers.js';

/** What the layered configuration holds, each in a folder of that name in every layer. */
export type ConfigKind = 'roles' | 'workflows' | 'templates';

/** The layers a command may write to; built-in files ship with Atelier and are never changed. */
export type WritableLayer = Exclude<ConfigLayer, 'builtin'>;

/**
 * Where every layer lives for one project. The caller decides the folders (the engine owns the
 * user config dir and the project state dir), so this module stays free of environment lookups.
 */
export interface ConfigLocations {
  /** Atelier's package folder, holding the built-in roles/, workflows/ and templates/. */
  packageRoot: string;
  /** `$XDG_CONFIG_HOME/atelier`, else `~/.config/atelier`. */
  userConfigDir: string;
  /** The project folder; its atelier.config.yml lives here. */
  projectDir: string;
  /** `<project>/.atelier`, which holds the project's roles/, workflows/ and templates/. */
  projectStateDir: string;
}

export function layerDirs(locations: ConfigLocations, kind: ConfigKind): Required<LayerDirs> {
  return {
    builtinDir: join(locations.packageRoot, kind),
    userDir: layerDir(locations, kind, 'user'),
    projectDir: layerDir(locations, kind, 'project'),
  };
}

export function layerDir(locations: ConfigLocations, kind: ConfigKind, layer: WritableLayer): string {
  return join(layer === 'user' ? locations.userConfigDir : locations.projectStateDir, kind);
}

/** The two atelier.config.yml files: the user's and the project's. */
export function configFiles(locations: ConfigLocations): Required<AppConfigFiles> {
  const files = appConfigFiles(locations.userConfigDir, locations.projectDir);
  return { user: files.user ?? join(locations.userConfigDir, 'atelier.config.yml'), project: files.project ?? join(locations.projectDir, 'atelier.config.yml') };
}
