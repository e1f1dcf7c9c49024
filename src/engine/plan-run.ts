import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  appConfigFiles,
  compileWorkflow,
  contextSizeTokens,
  loadAppConfig,
  loadRoleRegistry,
  loadWorkflowFile,
  loadWorkflowRegistry,
  type RoleRegistry,
} from '../config/index.js';
import { BUILTIN_ROLES_DIR, BUILTIN_WORKFLOWS_DIR, userConfigDir } from './built-in-paths.js';
import { EmptyIdeaError, UnknownWorkflowError } from './errors.js';
import { defaultProjectDir, projectNameFromIdea, stateDir } from './projects.js';
import type { RoleSnapshot, RunPlan } from './run-plan.js';
import { DEFAULT_MAX_FIX_ROUNDS, DEFAULT_MAX_REVIEW_ROUNDS } from './support-roles.js';

export interface PlanRunOptions {
  idea: string;
  /** A workflow id, or a path to a workflow file. */
  workflow: string;
  cwd: string;
  projectDir?: string;
  concurrency: number;
  model: string | null;
  /** From --max-fix-rounds; else `max_fix_rounds` in atelier.config.yml; else 3. */
  maxFixRounds?: number;
  /** From --review-rounds; else 1. */
  maxReviewRounds?: number;
  env?: NodeJS.ProcessEnv;
}

/** Roles and workflows as the project sees them: project over user over built-in. */
export async function loadRegistries(projectDir: string, env: NodeJS.ProcessEnv = process.env) {
  const user = userConfigDir(env);
  const roles = await loadRoleRegistry({ builtinDir: BUILTIN_ROLES_DIR, userDir: join(user, 'roles'), projectDir: join(stateDir(projectDir), 'roles') });
  const workflows = await loadWorkflowRegistry({
    builtinDir: BUILTIN_WORKFLOWS_DIR,
    userDir: join(user, 'workflows'),
    projectDir: join(stateDir(projectDir), 'workflows'),
  });
  return { roles, workflows };
}

function snapshotRole(roles: RoleRegistry, id: string): RoleSnapshot {
  const entry = roles.get(id);
  if (!entry) throw new Error(`role "${id}" vanished between compiling and planning`);
  const role = entry.definition;
  return {
    id: entry.id,
    displayName: role.display_name ?? role.name,
    description: role.description,
    systemPrompt: role.system_prompt,
    sections: role.output_format?.sections ?? [],
    requiredPatterns: role.output_format?.validation?.required_patterns ?? [],
    contextTokens: contextSizeTokens(role.model_preferences?.context_size),
    temperature: role.model_preferences?.temperature,
    behaviour: role.behaviour,
  };
}

/**
 * Everything checked before anything is written: the idea, the roles, the workflow. Bad input
 * throws here, so a failed start leaves no folder, no repository and no store behind.
 */
export async function planRun(options: PlanRunOptions): Promise<{ plan: RunPlan; projectDir: string }> {
  const idea = options.idea.trim();
  if (idea === '') throw new EmptyIdeaError();
  const projectName = projectNameFromIdea(idea);
  const projectDir = options.projectDir ? resolve(options.cwd, options.projectDir) : defaultProjectDir(options.cwd, projectName);
  const { roles, workflows } = await loadRegistries(projectDir, options.env);

  const asFile = resolve(options.cwd, options.workflow);
  const looksLikeFile = /\.ya?ml$/i.test(options.workflow) && existsSync(asFile);
  const entry = looksLikeFile ? await loadWorkflowFile(asFile) : workflows.get(options.workflow);
  if (!entry) {
    throw new UnknownWorkflowError(options.workflow, workflows.list().map((w) => w.id), workflows.suggest(options.workflow));
  }
  const workflow = compileWorkflow(entry, { roles });
  const config = options.maxFixRounds === undefined ? await loadAppConfig(appConfigFiles(userConfigDir(options.env), projectDir)) : {};
  const usedRoles = [...new Set(workflow.stages.map((stage) => stage.roleId))];
  return {
    projectDir,
    plan: {
      version: 1,
      idea,
      projectName,
      workflow: { id: workflow.id, name: workflow.name, description: workflow.description, stages: workflow.stages },
      roles: Object.fromEntries(usedRoles.map((id) => [id, snapshotRole(roles, id)])),
      options: {
        concurrency: options.concurrency,
        model: options.model,
        maxFixRounds: options.maxFixRounds ?? config.max_fix_rounds ?? DEFAULT_MAX_FIX_ROUNDS,
        maxReviewRounds: options.maxReviewRounds ?? DEFAULT_MAX_REVIEW_ROUNDS,
      },
    },
  };
}
