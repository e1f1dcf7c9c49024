import { basename, extname } from 'node:path';
import { isDocumentKind, type DocumentKind } from '../documents/kinds.js';
import { TASK_TYPES } from '../documents/schemas/task-plan.js';
import { brokenRoleInUse } from './broken-roles.js';
import { ConfigError, ConfigErrors, formatFieldPath } from './config-error.js';
import type { RoleDefinition, RoleBehaviour } from './role-schema.js';
import type { RoleRegistry } from './role-registry.js';
import { closestName } from './suggest.js';
import type { WorkflowDefinition } from './workflow-schema.js';
import { findCycles } from './workflow-graph.js';
import type { YamlLocator } from './yaml-file.js';

/** The input name that stands for the user's idea; every workflow starts from it. */
export const USER_IDEA = 'user_idea';

/** How many times a failed stage is tried again when the workflow does not say. */
export const DEFAULT_STAGE_RETRIES = 2;

export interface CompiledStage {
  id: string;
  roleId: string;
  roleName: string;
  inputs: string[];
  output: string;
  kind: DocumentKind;
  behaviour: RoleBehaviour;
  /** Ids of the stages whose outputs this stage reads. */
  dependsOn: string[];
  approval: boolean;
  model?: string;
  retries: number;
  /** The input whose items this stage fans out over, when the workflow says so. */
  foreach?: string;
  /** An engineer stage's specialist role ids by task type (`frontend` → `frontend_engineer`). */
  specialists?: Record<string, string>;
}

/** A validated workflow as plain data: the engine stores it in the run and never re-reads YAML. */
export interface CompiledWorkflow {
  id: string;
  name: string;
  description: string;
  /** In topological order: every stage comes after the stages it depends on. */
  stages: CompiledStage[];
  /** Stage ids that can run together; each wave depends only on earlier waves. */
  waves: string[][];
}

/** What loadWorkflowFile and the workflow registry return, as far as compiling needs it. */
export interface LoadedWorkflowLike {
  id: string;
  definition: WorkflowDefinition;
  file: string;
  locator?: YamlLocator;
}

export interface CompileOptions {
  /** The workflow file, named in every error. */
  file: string;
  roles: RoleRegistry;
  /** Positions of the YAML nodes, so errors carry the line of the offending field. */
  documentNodes?: YamlLocator;
  /** Defaults to the file name without its extension. */
  id?: string;
}

/** The document kind a stage produces: its output's name, else what its role declares. */
export function outputKind(output: string, role: RoleDefinition): DocumentKind {
  if (isDocumentKind(output)) return output;
  if (role.document) return role.document;
  return (role.output_format?.sections?.length ?? 0) > 0 ? 'sectioned' : 'markdown';
}

/** What the role behaviours need their output to be; a mismatch would fail mid-run instead. */
const BEHAVIOUR_KIND: Partial<Record<RoleBehaviour, DocumentKind>> = { engineer: 'source_code', qa: 'test_report' };

/**
 * Validates a workflow against the roles and compiles it into its stage graph. Every problem is
 * collected and thrown at once as ConfigErrors, each naming the file and line of its node.
 */
export function compileWorkflow(def: WorkflowDefinition, options: CompileOptions): CompiledWorkflow;
/** Compiles a workflow as loadWorkflowFile or a registry returns it, with its file and line positions. */
export function compileWorkflow(entry: LoadedWorkflowLike, options: { roles: RoleRegistry; id?: string }): CompiledWorkflow;
export function compileWorkflow(
  source: WorkflowDefinition | LoadedWorkflowLike,
  given: CompileOptions | { roles: RoleRegistry; id?: string },
): CompiledWorkflow {
  const { def, options } = normaliseArguments(source, given);
  const errors: ConfigError[] = [];
  const fail = (path: PropertyKey[], message: string): void => {
    const position = options.documentNodes?.locate(path);
    errors.push(new ConfigError({ file: options.file, line: position?.line, column: position?.column, field: formatFieldPath(path), message }));
  };
  const lineOf = (path: PropertyKey[]): string => {
    const line = options.documentNodes?.locate(path)?.line;
    return line === undefined ? '' : ` (line ${line})`;
  };

  if (def.stages.length === 0) fail(['stages'], 'the workflow has no stages; add at least one');

  const stageIndex = new Map<string, number>();
  def.stages.forEach((stage, i) => {
    const earlier = stageIndex.get(stage.task);
    if (earlier === undefined) stageIndex.set(stage.task, i);
    else fail(['stages', i, 'task'], `duplicate stage id "${stage.task}": stages[${earlier}]${lineOf(['stages', earlier, 'task'])} has it too`);
  });

  const producer = new Map<string, number>();
  def.stages.forEach((stage, i) => {
    if (stage.output === USER_IDEA) {
      fail(['stages', i, 'output'], `"${USER_IDEA}" is the user's idea and cannot be a stage's output`);
      return;
    }
    const earlier = producer.get(stage.output);
    if (earlier === undefined) producer.set(stage.output, i);
    else {
      const other = def.stages[earlier]?.task ?? '';
      fail(['stages', i, 'output'], `output "${stage.output}" is produced by both stage "${other}"${lineOf(['stages', earlier, 'output'])} and stage "${stage.task}"; give each document one producer`);
    }
  });

  const compiled: CompiledStage[] = [];
  const dependsOn: number[][] = [];
  def.stages.forEach((stage, i) => {
    const inputs = [...new Set(typeof stage.input === 'string' ? [stage.input] : stage.input)];
    const deps = new Set<number>();
    inputs.forEach((input) => {
      const path = typeof stage.input === 'string' ? ['stages', i, 'input'] : ['stages', i, 'input', stage.input.indexOf(input)];
      if (input === USER_IDEA) return;
      const from = producer.get(input);
      if (from === i) fail(path, `stage "${stage.task}" depends on itself: it reads "${input}", its own output`);
      else if (from !== undefined) deps.add(from);
      else {
        const hint = closestName(input, [...producer.keys(), USER_IDEA]);
        fail(path, `input "${input}" is not the output of any stage${hint ? ` (did you mean "${hint}"?)` : ` nor "${USER_IDEA}"`}`);
      }
    });
    // Accepted by the format, not yet run by the engine: refusing beats silently ignoring it.
    if (stage.foreach !== undefined) {
      fail(['stages', i, 'foreach'], 'foreach is not supported yet; engineer stages already fan out over the task plan, remove `foreach`');
    }
    dependsOn.push([...deps].sort((a, b) => a - b));

    const resolved = options.roles.resolve(stage.role);
    const broken = resolved ? undefined : options.roles.brokenFor(stage.role);
    if (broken) {
      fail(['stages', i, 'role'], brokenRoleInUse(stage.role, broken));
      return;
    }
    if (!resolved) {
      const hint = options.roles.suggest(stage.role);
      const known = options.roles.list().map((r) => r.id).join(', ');
      // A broken file may be the one that declares this name as an alias.
      const unloaded = options.roles.broken().map((b) => b.id);
      const note = unloaded.length > 0 ? `; these role files do not load: ${unloaded.join(', ')} (\`atelier role list\` shows why)` : '';
      fail(['stages', i, 'role'], `unknown role "${stage.role}"${hint ? ` (did you mean "${hint}"?)` : ` (known roles: ${known || 'none'})`}${note}`);
      return;
    }
    const role = resolved.role.definition;
    const kind = outputKind(stage.output, role);
    const needed = BEHAVIOUR_KIND[role.behaviour];
    if (needed && kind !== needed) {
      fail(['stages', i, 'output'], `role "${resolved.id}" writes ${needed}, but output "${stage.output}" is a ${kind} document; rename the output or use another role`);
    }
    const specialists = compileSpecialists(stage.specialists, role.behaviour, options.roles, (key, message) => fail(['stages', i, 'specialists', ...key], message));
    compiled[i] = {
      id: stage.task,
      roleId: resolved.id,
      roleName: role.display_name ?? role.name,
      inputs,
      output: stage.output,
      kind,
      behaviour: role.behaviour,
      dependsOn: [],
      approval: stage.approval ?? false,
      ...(stage.model !== undefined ? { model: stage.model } : {}),
      retries: stage.retries ?? DEFAULT_STAGE_RETRIES,
      ...(stage.foreach !== undefined ? { foreach: stage.foreach } : {}),
      ...(specialists ? { specialists } : {}),
    };
  });

  for (const cycle of findCycles(dependsOn)) {
    const names = cycle.map((i) => def.stages[i]?.task ?? String(i));
    const first = cycle[0] ?? 0;
    fail(['stages', first, 'input'], `stages form a cycle: ${[...names, names[0]].join(' → ')}; each stage must read only what earlier stages wrote`);
  }

  if (errors.length > 0) throw new ConfigErrors(sortByLine(errors));
  return order(def, options, compiled, dependsOn);
}

/** An engineer stage's `specialists:`, each key a task type and each value a role that implements tasks. */
function compileSpecialists(
  given: Record<string, string> | undefined,
  behaviour: RoleBehaviour,
  roles: RoleRegistry,
  fail: (path: PropertyKey[], message: string) => void,
): Record<string, string> | undefined {
  if (given === undefined) return undefined;
  if (behaviour !== 'engineer') {
    fail([], 'only an engineer stage has specialists: its role implements the task plan, whose tasks they share');
    return undefined;
  }
  const compiled: Record<string, string> = {};
  for (const [type, roleName] of Object.entries(given)) {
    if (!(TASK_TYPES as readonly string[]).includes(type)) {
      const hint = closestName(type, [...TASK_TYPES]);
      fail([type], `"${type}" is not a task type${hint ? ` (did you mean "${hint}"?)` : ''}; the plan's tasks are ${TASK_TYPES.join(', ')}`);
      continue;
    }
    const resolved = roles.resolve(roleName);
    if (!resolved) {
      const broken = roles.brokenFor(roleName);
      const hint = roles.suggest(roleName);
      fail([type], broken ? brokenRoleInUse(roleName, broken) : `unknown role "${roleName}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      continue;
    }
    if (resolved.role.definition.behaviour !== 'engineer') {
      fail([type], `role "${resolved.id}" does not implement tasks (its behaviour is ${resolved.role.definition.behaviour}); a specialist needs \`behaviour: engineer\``);
      continue;
    }
    compiled[type] = resolved.id;
  }
  return Object.keys(compiled).length > 0 ? compiled : undefined;
}

function order(def: WorkflowDefinition, options: CompileOptions, compiled: CompiledStage[], dependsOn: number[][]): CompiledWorkflow {
  // A stage's wave is one past its deepest dependency; ties keep file order, so the result is stable.
  const wave: number[] = [];
  const waveOf = (i: number): number => {
    const known = wave[i];
    if (known !== undefined) return known;
    const level = Math.max(-1, ...(dependsOn[i] ?? []).map(waveOf)) + 1;
    wave[i] = level;
    return level;
  };
  const indices = def.stages.map((_, i) => i).sort((a, b) => waveOf(a) - waveOf(b) || a - b);
  const waves: string[][] = [];
  const stages = indices.map((i) => {
    const stage = compiled[i] as CompiledStage;
    stage.dependsOn = (dependsOn[i] ?? []).map((d) => def.stages[d]?.task ?? '');
    (waves[waveOf(i)] ??= []).push(stage.id);
    return stage;
  });
  return { id: options.id ?? fileStem(options.file), name: def.name, description: def.description, stages, waves };
}

function sortByLine(errors: ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function fileStem(file: string): string {
  return basename(file, extname(file));
}


function normaliseArguments(
  source: WorkflowDefinition | LoadedWorkflowLike,
  given: CompileOptions | { roles: RoleRegistry; id?: string },
): { def: WorkflowDefinition; options: CompileOptions } {
  if (isLoadedWorkflow(source)) {
    const options: CompileOptions = { file: source.file, roles: given.roles, id: given.id ?? source.id };
    if (source.locator) options.documentNodes = source.locator;
    return { def: source.definition, options };
  }
  return { def: source, options: given as CompileOptions };
}

// A workflow definition may carry unknown keys, so the guard checks the loaded shape fully.
function isLoadedWorkflow(source: WorkflowDefinition | LoadedWorkflowLike): source is LoadedWorkflowLike {
  return typeof source.file === 'string' && typeof source.id === 'string' && typeof source.definition === 'object' && source.definition !== null;
}
