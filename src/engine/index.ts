// The engine's public API: what the CLI, and later the server and the workers, use to start,
// continue and inspect runs without reaching into its files.
export { startRun, resumeRun, type RunHooks, type RunResult, type ResumeRunOptions, type LlmFactory } from './start-run.js';
export { planRun, loadProjectConfig, loadRegistries, configLocations, type PlanRunOptions } from './plan-run.js';
export { listRunsEverywhere, openRunStore, type FoundRun } from './find-runs.js';
export { foldRunState, RunState, type StageView, type TaskView, type CommitView } from './run-state.js';
export { readRunPlan, runPlanSchema, type RunPlan, type PlannedStage, type RoleSnapshot } from './run-plan.js';
export { BUILT_IN_BEHAVIOURS, type StageBehaviour, type StageOutcome } from './stage-behaviours.js';
export type { RunOutcome } from './execute-run.js';
export { RunEvents, type EventListener } from './events.js';
export { EXAMPLES_DIR, PACKAGE_ROOT, userConfigDir } from './built-in-paths.js';
export { defaultProjectDir, projectNameFromIdea, stateDir } from './projects.js';
export * from './errors.js';
export { resumeCommand } from './resume-command.js';
export { answerQuestions, decideApproval, pendingApprovals, waitingApprovals, waitingQuestions, type AnswerOptions, type ApprovalDecisionOptions, type ApprovalDecided } from './decide-approval.js';
export { NAMED_APPROVAL_POINTS, resolveApprovalPoints } from './approvals.js';
export type { ApprovalView } from './run-state.js';
export { RunInUseError, acquireRunLease, runLeaseName, taskLeaseName, DEFAULT_LEASE_TTL_MS, type HeldLease } from './run-lease.js';
