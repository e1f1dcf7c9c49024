/**
 * What the read-only commands (`runs`, `show`, `cost`) need of the engine and the store. The
 * build bundles this file on its own (scripts/build.mjs), so those commands load the store and
 * the parts of zod they use, not the model layer's share of it.
 */
export { listRunsEverywhere, openRunStore } from '../engine/find-runs.js';
export { foldRunState, SHOWN_EVENT_TYPES } from '../engine/run-state.js';
export { readRunPlan } from '../engine/run-plan.js';
export { cacheShare, costReport, deliveredFigures, formatCostReport } from '../llm/cost-report.js';
