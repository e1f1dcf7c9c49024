import type { CallContext, LlmClient } from '../llm/index.js';
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import type { EventSink } from './event-sink.js';
import type { PlannedStage, RoleSnapshot } from './role-snapshot.js';
import type { DocumentKind } from '../documents/kinds.js';
import type { SandboxSettings } from './pipeline/run-pipeline.js';
import { describePacking, type PackReport } from './pack-context.js';

/** A document a stage reads: the stored JSON and its rendered Markdown. */
export interface InputDocument {
  id: string;
  name: string;
  kind: DocumentKind;
  version: number;
  authorRole: string;
  content: unknown;
  markdown: string;
}

/** What a role behaviour gets from the engine for one stage. */
export interface StageContext {
  runId: string;
  projectId: string;
  idea: string;
  projectName: string;
  stage: PlannedStage;
  role: RoleSnapshot;
  /** The declared inputs only, `user_idea` excluded (it is `idea`). */
  inputs: InputDocument[];
  llm: LlmClient;
  workspace: Workspace;
  events: EventSink;
  sandbox: () => Promise<SandboxDriver>;
  /** Limits and variables for the commands run in the sandbox (atelier.config.yml `sandbox:`). */
  sandboxSettings?: SandboxSettings;
  /**
   * A person rejected the stage's last document with this feedback: the role writes the next
   * version from it (the rejected version's number and Markdown, as they read it).
   */
  revision?: {
    feedback: string;
    version: number;
    markdown: string;
    /** What came back: a person's feedback on the document, the user's answers to its questions, or a role's feedback (`peer`). */
    reason?: 'feedback' | 'answers' | 'peer';
    /** Who sent a `peer` feedback: the role's name and the stage it works on. */
    from?: { roleName: string; stageId: string };
  };
  /**
   * Inputs whose authors this role may send feedback to, this once (the author revises, and the
   * stage is run again with the revision): each document's name and its author's role name.
   */
  feedbackTo?: { name: string; authorName: string }[];
  /** The role may ask the user questions in its answer (`questions`), this once. */
  mayAsk?: boolean;
  /** Paths that are Atelier's rendered documents: a code change may not write them. */
  isAtelierDocument?: (path: string) => boolean;
}

/**
 * What model selection needs to know of a call: the role's preferences and its pin: for the
 * stage's own role the workflow stage's `model:`, else the role file's model.
 */
export function selectionHints(stage: PlannedStage, stageRoleId: string, role: RoleSnapshot): Pick<CallContext, 'stageModel' | 'modelPreferences'> {
  const pinned = (role.id === stageRoleId ? stage.model : undefined) ?? role.model;
  return {
    ...(pinned ? { stageModel: pinned } : {}),
    modelPreferences: {
      contextTokens: role.contextTokens,
      ...(role.temperature !== undefined ? { temperature: role.temperature } : {}),
      ...(role.reasoning ? { reasoning: role.reasoning } : {}),
    },
  };
}

/** Where a model call comes from (ledger, errors) and what selection needs to know of it. */
export function callContext(ctx: StageContext, role: RoleSnapshot, label: string, taskId: string | null = null): CallContext {
  return { runId: ctx.runId, stageId: ctx.stage.id, taskId, role: role.id, label, ...selectionHints(ctx.stage, ctx.role.id, role) };
}

/** Records what a call's prompt left out to fit its budget, when it left out anything. */
export async function reportPacking(ctx: Pick<StageContext, 'events' | 'stage'>, report: PackReport, taskId: string | null, label = `stage "${ctx.stage.id}"`): Promise<void> {
  const summary = describePacking(report);
  if (summary === undefined) return;
  await ctx.events.emit('prompt.packed', { label, budgetTokens: report.budgetTokens, dropped: report.dropped, cut: report.cut, summary }, { stageId: ctx.stage.id, taskId });
}
