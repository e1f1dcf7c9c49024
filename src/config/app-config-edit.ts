import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isMap, parse } from 'yaml';
import { appConfigSchema, mergeAppConfig, readAppConfigFile, type AppConfig, type AppConfigFiles } from './app-config.js';
import { parseConfigKey } from './app-config-keys.js';
import { ConfigChangeError, ConfigKeyNotSetError } from './config-change-error.js';
import { parseYaml, yamlLocator, zodIssuesToConfigErrors } from './yaml-file.js';

export type ConfigOrigin = 'user' | 'project';

/** One set value of the effective configuration, and the file it comes from. */
export interface ConfigEntry {
  key: string;
  value: unknown;
  origin: ConfigOrigin;
  file: string;
}

type ConfigFilePair = Required<AppConfigFiles>;

async function readLayer(file: string): Promise<AppConfig> {
  return existsSync(file) ? readAppConfigFile(file) : {};
}

/** Every value set in either file, the project's winning key by key, in the order the user's file then the project's list them. */
export async function configEntries(files: ConfigFilePair): Promise<ConfigEntry[]> {
  const entries = new Map<string, ConfigEntry>();
  for (const origin of ['user', 'project'] as const) {
    for (const [key, value] of flatten(await readLayer(files[origin]))) entries.set(key, { key, value, origin, file: files[origin] });
  }
  return [...entries.values()];
}

/** The effective value of a dotted key (a section gives its merged contents); throws ConfigKeyNotSetError when neither file sets it. */
export async function getConfigValue(files: ConfigFilePair, key: string): Promise<unknown> {
  const path = parseConfigKey(key);
  const merged = mergeAppConfig(await readLayer(files.user), await readLayer(files.project));
  const value = valueAt(merged, path);
  if (value === undefined) throw new ConfigKeyNotSetError(key, [files.user, files.project]);
  return value;
}

/** A value as typed on the command line, read as YAML: `4` is a number, `true` a boolean, `a/b` a string. */
export function parseConfigValue(raw: string): unknown {
  try {
    return parse(raw) ?? raw;
  } catch {
    return raw;
  }
}

/**
 * The new text of `file` with `key` set to `value`, keeping the file's comments and layout. The
 * whole file is validated after the change; a value the schema refuses names the key.
 */
export async function planConfigSet(file: string, key: string, value: unknown): Promise<{ file: string; text: string }> {
  const path = parseConfigKey(key);
  const source = parseYaml(existsSync(file) ? await readFile(file, 'utf8') : '', file);
  const doc = source.doc;
  if (doc.contents === null) doc.contents = doc.createNode({});
  if (!isMap(doc.contents)) throw new ConfigChangeError('invalid', `${file} must be a mapping of keys to values; fix it first; nothing was written`);
  try {
    doc.setIn(path, value);
  } catch (error) {
    throw new ConfigChangeError('invalid', `cannot set "${key}": ${(error as Error).message}; nothing was written`, { cause: error });
  }
  const text = doc.toString({ lineWidth: 0 });
  const changed = parseYaml(text, file);
  const result = appConfigSchema.safeParse(changed.value ?? {});
  if (!result.success) {
    const problems = zodIssuesToConfigErrors(yamlLocator(changed), result.error.issues, changed.value).map((e) => `${e.field ?? key}: ${e.detail}`);
    throw new ConfigChangeError('invalid', `cannot set "${key}" to ${JSON.stringify(value)}:\n  ${problems.join('\n  ')}\n${file} was not changed`);
  }
  return { file, text };
}

/** Leaves of a configuration as dotted keys; lists are leaves, as they are replaced whole when merged. */
export function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix === '' ? [] : [[prefix, value]];
  // A name with dots (a model id, "gpt-4.1") is quoted, as `config get` and `config set` read it.
  return Object.entries(value).flatMap(([key, child]) => {
    const name = key.includes('.') ? `"${key}"` : key;
    return flatten(child, prefix === '' ? name : `${prefix}.${name}`);
  });
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
