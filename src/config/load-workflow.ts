import { basename, extname } from 'node:path';
import { isSeq } from 'yaml';
import * as z from 'zod';
import { ConfigError, ConfigErrors, type ConfigIssue } from './config-error.js';
import { roleSchema, type RoleDefinition } from './role-schema.js';
import { unknownKeyWarnings } from './unknown-keys.js';
import { stagesSchema, workflowSchema, type WorkflowDefinition } from './workflow-schema.js';
import { readYamlFile, yamlLocator, zodIssuesToConfigErrors, type YamlLocator, type YamlSource } from './yaml-file.js';

export interface LoadedRole {
  /** The file name without its extension, e.g. `security_expert`. */
  id: string;
  definition: RoleDefinition;
  file: string;
  /** Unknown keys and other things that do not stop the role from loading. */
  warnings: ConfigIssue[];
}

export interface LoadedWorkflow {
  id: string;
  definition: WorkflowDefinition;
  file: string;
  /** Maps stage paths to lines, so compileWorkflow can name the line of each problem. */
  locator: YamlLocator;
  warnings: ConfigIssue[];
}

/** The id of a role or workflow: its file name without `.yml` / `.yaml`. */
export function fileId(file: string): string {
  return basename(file, extname(file));
}

/** Reads a role file; throws ConfigError (syntax) or ConfigErrors (schema) naming file and line. */
export async function loadRoleFile(file: string): Promise<LoadedRole> {
  return roleFromSource(await readYamlFile(file));
}

/** A role from YAML already parsed (e.g. text about to be written to `source.file`). */
export function roleFromSource(source: YamlSource): LoadedRole {
  const locator = yamlLocator(source);
  const definition = validate(roleSchema, source.value, source, locator, 'a role needs name, description and system_prompt');
  return { id: fileId(source.file), definition, file: source.file, warnings: unknownKeyWarnings(roleSchema, source.value, locator) };
}

/**
 * Reads a workflow file: a mapping with `name`, `description` and `stages`, or a bare list of
 * stages (a stages file), which is named after the file.
 */
export async function loadWorkflowFile(file: string): Promise<LoadedWorkflow> {
  return workflowFromSource(await readYamlFile(file));
}

/** A workflow from YAML already parsed: a workflow mapping or a bare stages list. */
export function workflowFromSource(source: YamlSource): LoadedWorkflow {
  if (isSeq(source.doc.contents)) return stagesWorkflow(source);
  const locator = yamlLocator(source);
  const definition = validate(workflowSchema, source.value, source, locator, 'a workflow needs name and stages');
  return { id: fileId(source.file), definition, file: source.file, locator, warnings: unknownKeyWarnings(workflowSchema, source.value, locator) };
}

/** Reads a stages file: the list a workflow's `stages:` holds, on its own. */
export async function loadStagesFile(file: string): Promise<LoadedWorkflow> {
  const source = await readYamlFile(file);
  if (!isSeq(source.doc.contents)) {
    const position = yamlLocator(source).locate([]);
    throw new ConfigError({
      file,
      line: position?.line,
      column: position?.column,
      message: 'a stages file must be a list of stages (- task: ..., role: ..., input: ..., output: ...)',
    });
  }
  return stagesWorkflow(source);
}

// Validated as `{ stages: [...] }` so that fields read `stages[2].role` here as in a workflow file.
const stagesFileSchema = z.object({ stages: stagesSchema });

function stagesWorkflow(source: YamlSource): LoadedWorkflow {
  const locator = yamlLocator(source, { dropPrefix: ['stages'] });
  const id = fileId(source.file);
  const wrapped = { stages: source.value };
  const { stages } = validate(stagesFileSchema, wrapped, source, locator, 'a stages file needs at least one stage');
  const definition: WorkflowDefinition = { name: id, description: '', stages };
  return { id, definition, file: source.file, locator, warnings: unknownKeyWarnings(stagesFileSchema, wrapped, locator) };
}

function validate<T extends z.ZodType>(
  schema: T,
  value: unknown,
  source: YamlSource,
  locator: YamlLocator,
  emptyHint: string,
): z.infer<T> {
  if (source.value === null) throw new ConfigError({ file: source.file, message: `the file is empty; ${emptyHint}` });
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigErrors(zodIssuesToConfigErrors(locator, result.error.issues, value));
  return result.data;
}
