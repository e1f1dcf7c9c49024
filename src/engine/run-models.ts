import type { AppConfig } from '../config/index.js';
import { createModelSession, type ExplainedStage, type LlmClient, type LlmEvent, type ModelSession, type ModelSettings } from '../llm/index.js';
import { selectionHints } from '../roles/stage-context.js';
import type { Store } from '../store/store.js';
import type { RunPlan } from './run-plan.js';

/** Builds a run's model client once its store exists; a test passes a mock or scripted model here. */
export type LlmFactory = (deps: { store: Store; onEvent: (event: LlmEvent) => void }) => LlmClient;

/** The stages of a plan, with the selection hints the run's own calls carry (the same function builds both). */
export function explainedStages(plan: RunPlan): ExplainedStage[] {
  return plan.workflow.stages.flatMap((stage) => {
    const role = plan.roles[stage.roleId];
    if (!role) return [];
    const hints = selectionHints(stage, stage.roleId, role);
    return [{ id: stage.id, role: stage.roleId, ...(hints.stageModel ? { model: hints.stageModel } : {}), ...(hints.modelPreferences ? { preferences: hints.modelPreferences } : {}) }];
  });
}

/** Where a run's model client comes from: an injected factory, or a session built from its settings. */
export interface RunModels {
  createLlm: LlmFactory;
  close(): Promise<void>;
}

/**
 * The run's models, resolved once from its settings and configuration before anything is
 * written; `explain` receives `--explain-models`' lines for the run's own plan.
 */
export async function runModels(
  plan: RunPlan,
  settings: ModelSettings,
  config: AppConfig,
  options: { env?: NodeJS.ProcessEnv; cwd: string; injected?: LlmFactory; explain?: (lines: string[]) => void },
): Promise<RunModels> {
  if (options.injected) {
    options.explain?.(['Models: this run uses the model its caller supplied.']);
    return { createLlm: options.injected, close: async () => undefined };
  }
  const session: ModelSession = await createModelSession(settings, config, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
  options.explain?.(session.explain(explainedStages(plan)));
  return { createLlm: ({ store, onEvent }) => session.createClient({ store, onEvent }), close: () => session.close() };
}
