import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  appConfigFiles,
  brokenRoleWarning,
  compileWorkflow,
  contextSizeTokens,
  layerDirs,
  loadAppConfig,
  loadRoleRegistry,
  loadTemplateRegistry,
  loadWorkflowFile,
  loadWorkflowRegistry,
  templateBrief,
  type AppConfig,
  type ConfigLocations,
  type RoleRegistry,
} from '../config/index.js';
import type { ModelSettings } from '../llm/index.js';
import { PACKAGE_ROOT, userConfigDir } from './built-in-paths.js';
import { EmptyIdeaError, UnknownTemplateError, UnknownWorkflowError } from './errors.js';
import { checkCanWrite, checkIdeaSize, checkModelTargets, checkProjectFolder, projectEndpointWarnings, unknownKeyLines } from './plan-checks.js';
import { defaultProjectDir, projectNameFromIdea, stateDir } from './projects.js';
import type { RoleSnapshot, RunPlan } from './run-plan.js';
import { sandboxOptions } from './run-sandbox.js';
import { resolveApprovalPoints } from './approvals.js';
import { DEFAULT_MAX_FEEDBACK_ROUNDS } from './feedback.js';
import { parseWait } from '../config/wait.js';
import { DEFAULT_MAX_FIX_ROUNDS, DEFAULT_MAX_REVIEW_ROUNDS } from './support-roles.js';

export interface PlanRunOptions {
  idea: string;
  /** A workflow id or a path to a workflow file; else the template's, else `workflow:` in atelier.config.yml, else `standard`. */
  workflow?: string;
  /** A project template id: its brief goes to every stage with the idea. */
  template?: string;
  cwd: string;
  projectDir?: string;
  /** From --concurrency or --parallel; else `concurrency` in atelier.config.yml; else 1 (sequential). */
  concurrency?: number;
  model: string | null;
  /** From --max-fix-rounds; else `max_fix_rounds` in atelier.config.yml; else 3. */
  maxFixRounds?: number;
  /** From --review-rounds; else 1. */
  maxReviewRounds?: number;
  /** Rounds of feedback a stage may send the authors of its inputs (`--feedback-rounds`; else `max_feedback_rounds`, else 1; 0 turns it off). */
  maxFeedbackRounds?: number;
  /** `--approval-timeout` / `--on-approval-timeout` (else `approval_timeout:`): what happens to a document nobody decides on in time. */
  approvalTimeout?: { ms: number; action?: 'approve' | 'reject' | 'stop'; feedback?: string };
  /** From --approve: stage ids or named points (after_prd, after_design, before_deployment); with `approvals:` in atelier.config.yml and the workflow's `approval: true`. */
  approvals?: string[];
  /** From --auto-approve: approve every approval point at once (recorded as such), for unattended runs. */
  autoApprove?: boolean;
  /** From --no-questions: roles that may ask the user questions decide and record assumptions instead. */
  noQuestions?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How the run chooses and pays for models; saved in the plan so resume keeps them. */
  modelSettings?: ModelSettings;
  /** Only the built-in roles, workflows and templates, and of the config files only their `sandbox:` section (the demo's replay must match its recording). */
  builtinOnly?: boolean;
  /** Told each problem that does not stop the run (a broken role no stage uses); default: a `warning:` line on stderr. */
  onWarning?: (warning: string) => void;
}

// Planning comes before the run has a store, so there is no event log to carry a warning yet.
const warnOnStderr = (warning: string): void => {
  process.stderr.write(`warning: ${warning}\n`);
};

/** Where every configuration layer of this project lives. */
export function configLocations(projectDir: string, env: NodeJS.ProcessEnv = process.env): ConfigLocations {
  return { packageRoot: PACKAGE_ROOT, userConfigDir: userConfigDir(env), projectDir, projectStateDir: stateDir(projectDir) };
}

/** Roles and workflows as the project sees them: project over user over built-in. */
export async function loadRegistries(projectDir: string, env: NodeJS.ProcessEnv = process.env, builtinOnly = false) {
  const locations = configLocations(projectDir, env);
  const dirs = (kind: 'roles' | 'workflows') => (builtinOnly ? { builtinDir: layerDirs(locations, kind).builtinDir } : layerDirs(locations, kind));
  const roles = await loadRoleRegistry(dirs('roles'));
  const workflows = await loadWorkflowRegistry(dirs('workflows'));
  return { roles, workflows };
}

/** The project's and the user's atelier.config.yml, merged (the project's keys win). */
export function loadProjectConfig(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  return loadAppConfig(appConfigFiles(userConfigDir(env), projectDir));
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
    reasoning: role.model_preferences?.reasoning,
    model: role.model_preferences?.model,
    behaviour: role.behaviour,
    ...(role.asks_questions ? { asksQuestions: true } : {}),
  };
}

/**
 * Everything checked before anything is written: the idea, the roles, the workflow. Bad input
 * throws here, so a failed start leaves no folder, no repository and no store behind.
 */
export async function planRun(options: PlanRunOptions): Promise<{ plan: RunPlan; projectDir: string; config: AppConfig }> {
  const idea = options.idea.trim();
  if (idea === '') throw new EmptyIdeaError();
  checkIdeaSize(idea);
  const projectName = projectNameFromIdea(idea);
  const projectDir = options.projectDir ? resolve(options.cwd, options.projectDir) : defaultProjectDir(options.cwd, projectName);
  checkProjectFolder(projectDir, (options.env ?? process.env).HOME);
  checkCanWrite(projectDir);
  const { roles, workflows } = await loadRegistries(projectDir, options.env, options.builtinOnly);
  // Built-in only: nothing of the configuration may change a prompt (a replay must match its
  // recording), but the sandbox section changes none, and says how this machine runs commands.
  const loaded = await loadProjectConfig(projectDir, options.env);
  const config: AppConfig = options.builtinOnly ? (loaded.sandbox ? { sandbox: loaded.sandbox } : {}) : loaded;

  let brief: string | undefined;
  let templateWorkflow: string | undefined;
  if (options.template !== undefined) {
    const templates = await loadTemplateRegistry(layerDirs(configLocations(projectDir, options.env), 'templates'));
    const template = templates.get(options.template);
    if (!template) throw new UnknownTemplateError(options.template, templates.list().map((t) => t.id), templates.suggest(options.template));
    brief = templateBrief(template.definition);
    templateWorkflow = template.definition.workflow;
  }

  const workflowName = options.workflow ?? templateWorkflow ?? config.workflow ?? 'standard';
  const asFile = resolve(options.cwd, workflowName);
  const looksLikeFile = /\.ya?ml$/i.test(workflowName) && existsSync(asFile);
  const entry = looksLikeFile ? await loadWorkflowFile(asFile) : workflows.get(workflowName);
  if (!entry) {
    throw new UnknownWorkflowError(workflowName, workflows.list().map((w) => w.id), workflows.suggest(workflowName));
  }
  const workflow = compileWorkflow(entry, { roles });
  const approvals = resolveApprovalPoints([...(config.approvals ?? []), ...(options.approvals ?? [])], workflow.stages);
  const usedRoles = [...new Set(workflow.stages.flatMap((stage) => [stage.roleId, ...Object.values(stage.specialists ?? {})]))];
  checkModelTargets(options.modelSettings, workflow.id, workflow.stages);
  // A typo in a key the run uses (`aproval: true`) is said, as `workflow validate` says it.
  const issues = [...entry.warnings, ...usedRoles.flatMap((id) => roles.get(id)?.warnings ?? [])];
  for (const line of unknownKeyLines(issues)) (options.onWarning ?? warnOnStderr)(line);
  if (!options.builtinOnly) {
    const projectFile = appConfigFiles(userConfigDir(options.env), projectDir).project!;
    for (const line of projectEndpointWarnings(await loadAppConfig({ project: projectFile }), projectFile)) (options.onWarning ?? warnOnStderr)(line);
  }
  // A timeout flag with nothing to time is said, not silently ignored.
  if (options.approvalTimeout) {
    const points = approvals.length + workflow.stages.filter((stage) => stage.approval).length;
    if (points === 0) (options.onWarning ?? warnOnStderr)('warning: --approval-timeout has no approval point to wait on in this run (add --approve POINTS)');
    else if (options.autoApprove) (options.onWarning ?? warnOnStderr)('warning: --auto-approve approves every point at once, so --approval-timeout never applies');
  }
  // The workflow compiled, so no stage names a broken role: each one is only worth a warning.
  for (const broken of roles.broken()) (options.onWarning ?? warnOnStderr)(brokenRoleWarning(broken));
  return {
    projectDir,
    config,
    plan: {
      version: 1,
      idea,
      ...(brief ? { brief } : {}),
      projectName,
      workflow: { id: workflow.id, name: workflow.name, description: workflow.description, stages: workflow.stages },
      roles: Object.fromEntries(usedRoles.map((id) => [id, snapshotRole(roles, id)])),
      options: {
        concurrency: options.concurrency ?? config.concurrency ?? 1,
        model: options.model,
        maxFixRounds: options.maxFixRounds ?? config.max_fix_rounds ?? DEFAULT_MAX_FIX_ROUNDS,
        maxReviewRounds: options.maxReviewRounds ?? DEFAULT_MAX_REVIEW_ROUNDS,
        maxFeedbackRounds: options.maxFeedbackRounds ?? config.max_feedback_rounds ?? DEFAULT_MAX_FEEDBACK_ROUNDS,
        ...(approvals.length > 0 ? { approvals } : {}),
        ...(options.autoApprove ? { autoApprove: true } : {}),
        ...approvalTimeoutOption(options.approvalTimeout, config.approval_timeout),
        ...(options.noQuestions ? { noQuestions: true } : {}),
        ...(config.sandbox?.driver ? { sandboxDriver: config.sandbox.driver } : {}),
        ...sandboxOptions(config.sandbox),
        ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}),
      },
    },
  };
}

/** The flag's timeout wins over the configuration's; the configuration's feedback stays with a reject. */
function approvalTimeoutOption(flag: PlanRunOptions['approvalTimeout'], config: AppConfig['approval_timeout']): { approvalTimeout?: { ms: number; action: 'approve' | 'reject' | 'stop'; feedback?: string } } {
  const ms = flag?.ms ?? (config ? parseWait(config.after) : undefined);
  if (ms === undefined) return {};
  const feedback = flag?.feedback ?? config?.feedback;
  return { approvalTimeout: { ms, action: flag?.action ?? config?.action ?? 'stop', ...(feedback ? { feedback } : {}) } };
}
