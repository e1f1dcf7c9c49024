import type { LlmClient } from '../llm/types.js';
import type { Workspace } from '../workspace/workspace.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import type { RunEvents } from '../engine/events.js';
import type { PlannedStage, RoleSnapshot } from '../engine/run-plan.js';
import type { DocumentKind } from '../documents/kinds.js';

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
  events: RunEvents;
  sandbox: () => Promise<SandboxDriver>;
}
