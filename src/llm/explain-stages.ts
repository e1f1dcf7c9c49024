import type { BuiltRouter } from './build-router.js';
import { explainChain } from './explain-choice.js';
import type { ModelPreferences } from './types.js';
import { displayUsd, type Usd } from './usd.js';

/** A stage as `--explain-models` explains it. */
export interface ExplainedStage {
  id: string;
  role: string;
  /** The stage's pin: the workflow's `model:` key, else the role file's model. */
  model?: string;
  preferences?: ModelPreferences;
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
