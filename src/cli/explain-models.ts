import { planRun } from '../engine/plan-run.js';
import { selectionHints } from '../roles/stage-context.js';
import { runPlanSchema, type RunPlan } from '../engine/run-plan.js';
import { openRunStore } from '../engine/start-run.js';
import type { BuiltRouter } from '../llm/build-router.js';
import { explainChain } from '../llm/explain-choice.js';
import type { ModelPreferences } from '../llm/types.js';
import { displayUsd, type Usd } from '../llm/usd.js';

/** A stage as `--explain-models` explains it. */
export interface ExplainedStage {
  id: string;
  role: string;
  /** The stage's pin: the workflow's `model:` key, else the role file's model. */
  model?: string;
  preferences?: ModelPreferences;
}

/** The stages of a run's plan, with the selection hints the run's own calls carry (the same function builds both). */
function stagesOf(plan: RunPlan): ExplainedStage[] {
  return plan.workflow.stages.flatMap((stage) => {
    const role = plan.roles[stage.roleId];
    if (!role) return [];
    const hints = selectionHints(stage, stage.roleId, role);
    return [{ id: stage.id, role: stage.roleId, ...(hints.stageModel ? { model: hints.stageModel } : {}), ...(hints.modelPreferences ? { preferences: hints.modelPreferences } : {}) }];
  });
}

/** The stages a new run of `workflow` would have, planned exactly as `run` plans them (nothing is written). */
export async function plannedStages(options: {
  idea: string;
  /** Absent: the template's, else the configured, else the standard workflow, as `run` decides. */
  workflow?: string;
  template?: string;
  cwd: string;
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ExplainedStage[]> {
  const env = options.env ?? process.env;
  const { plan } = await planRun({
    idea: options.idea,
    ...(options.workflow ? { workflow: options.workflow } : {}),
    ...(options.template ? { template: options.template } : {}),
    cwd: options.cwd,
    ...(options.projectDir ? { projectDir: options.projectDir } : {}),
    concurrency: 1,
    model: null,
    env,
  });
  return stagesOf(plan);
}

/** The stages of a stored run, for `resume --explain-models`. */
export async function storedStages(options: { runId: string; cwd: string; projectDir?: string; env?: NodeJS.ProcessEnv }): Promise<ExplainedStage[]> {
  const { store, run } = await openRunStore(options.runId, options.cwd, options.projectDir);
  try {
    return stagesOf(runPlanSchema.parse(run.plan));
  } finally {
    await store.close();
  }
}

function catalogLine(built: BuiltRouter): string {
  const catalog = built.catalog;
  if (!catalog) return 'no catalog (a single endpoint)';
  const openrouter = catalog.openrouter.source === 'snapshot' ? `bundled OpenRouter snapshot of ${catalog.openrouter.fetchedAt.slice(0, 10)}` : `OpenRouter catalog updated ${catalog.openrouter.fetchedAt.slice(0, 10)}`;
  const listed = [...catalog.listed].map(([name, models]) => `${name}: ${models.length} listed`);
  const unreachable = [...catalog.unreachable.keys()].map((name) => `${name}: unreachable`);
  return [openrouter, ...listed, ...unreachable].join(', ');
}

/** `--explain-models`: for each stage, the primary and backups the router picks, and why. */
export function explainStages(built: BuiltRouter, stages: readonly ExplainedStage[], settings: { budget?: Usd; cacheScope: 'run' | 'project' }): string[] {
  const router = built.router;
  const providers = router.providers.map((provider) => provider.name).join(', ');
  const lines = [
    `Models — optimize: ${router.optimize}${router.freeOnly ? ', free models only' : ''}; budget: ${settings.budget !== undefined ? displayUsd(settings.budget) : 'none'}; cache: ${settings.cacheScope === 'project' ? 'project' : 'this run only'}`,
    `  providers: ${providers}; catalog: ${catalogLine(built)}`,
  ];
  if (built.resolved.singleEndpoint) {
    const pin = router.pinFor({ stageId: '', role: '' });
    lines.push(`  every call goes to ${built.resolved.singleEndpoint.provider.baseUrl} (${built.resolved.singleEndpoint.source}), model ${pin?.ref ?? '?'} (${pin?.by ?? ''}), unless a stage or role names another`);
  }
  for (const stage of stages) {
    const choice = router.choose({
      stageId: stage.id,
      role: stage.role,
      ...(stage.model ? { stageModel: stage.model } : {}),
      ...(stage.preferences ? { modelPreferences: stage.preferences } : {}),
      ...(settings.budget !== undefined ? { remainingBudget: settings.budget } : {}),
    });
    const [task, ...rest] = explainChain(choice);
    lines.push(`  ${stage.id} (${stage.role} → ${task})`);
    for (const line of rest) lines.push(`    ${line}`);
    if (choice.chain.length === 0) lines.push('    no model can take this stage');
  }
  return lines;
}
