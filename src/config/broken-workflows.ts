import { compileWorkflow } from './compile-workflow.js';
import { configProblems, type ConfigError } from './config-error.js';
import type { RoleRegistry } from './role-registry.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export interface BrokenWorkflow {
  id: string;
  file: string;
  errors: readonly ConfigError[];
}

/**
 * The workflows that compile with the roles `before` a change but not `after` it, with the
 * errors they would then report. A workflow that is already broken is not the change's doing.
 */
export function workflowsBrokenBy(workflows: WorkflowRegistry, before: RoleRegistry, after: RoleRegistry): BrokenWorkflow[] {
  const broken: BrokenWorkflow[] = [];
  for (const workflow of workflows.list()) {
    if (compileProblems(() => compileWorkflow(workflow, { roles: before })) !== undefined) continue;
    const errors = compileProblems(() => compileWorkflow(workflow, { roles: after }));
    if (errors) broken.push({ id: workflow.id, file: workflow.source.file, errors });
  }
  return broken;
}

function compileProblems(compile: () => unknown): readonly ConfigError[] | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    const problems = configProblems(error);
    if (problems) return problems;
    throw error;
  }
}

/** `workflow "x" (file) would no longer load:` and its errors, indented, for a refusal message. */
export function describeBroken(broken: readonly BrokenWorkflow[]): string {
  return broken.map((b) => [`workflow "${b.id}" (${b.file}) would no longer load:`, ...b.errors.map((e) => `    ${e.message}`)].join('\n  ')).join('\n  ');
}
