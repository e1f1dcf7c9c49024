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
  const single = built.resolved.singleEndpoint?.provider.name;
  if (single !== undefined) {
    const listed = catalog.listed.get(single) ?? [];
    const how = listed[0]?.source === 'ollama' ? "Ollama's /api/tags" : 'GET /models';
    return catalog.unreachable.has(single) ? `the endpoint's model list could not be read (${catalog.unreachable.get(single)})` : `${listed.length} listed by ${how}`;
  }
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
  const single = built.resolved.singleEndpoint;
  if (single) {
    const pin = router.pinFor({ stageId: '', role: '' });
    const listed = built.catalog?.listed.get(single.provider.name) ?? [];
    const where = `every call goes to ${single.provider.baseUrl} (${single.source})`;
    if (pin) lines.push(`  ${where}, model ${pin.ref} (${pin.by}), unless a stage or role names another`);
    else if (listed.length === 1) lines.push(`  ${where}, model ${listed[0]!.id}: the only model it lists (no --model given)`);
    else lines.push(`  ${where}; no --model is given, so each stage gets the best of the ${listed.length} models it lists for its task`);
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
    if (choice.chain.length === 0 && !choice.pinnedOut) lines.push('    no model can take this stage');
  }
  return lines;
}
