import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/workspace.js';
import type { LlmClient } from '../llm/index.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import type { SandboxSettings } from '../roles/pipeline/run-pipeline.js';
import type { RunEvents } from './events.js';
import type { RunState } from './run-state.js';
import type { StageBehaviour } from './stage-behaviours.js';

/** What executing a run needs, injected so tests and the CLI choose the real or fake parts. */
export interface RunServices {
  store: Store;
  /** Commits are serialised by the workspace (git holds one index lock per repository). */
  workspace: Workspace;
  llm: LlmClient;
  events: RunEvents;
  /** The run as its events tell, kept current as events are appended (the fold resume reads). */
  state: RunState;
  sandbox: () => Promise<SandboxDriver>;
  sandboxSettings?: SandboxSettings;
  /** Behaviours that replace or add to the built-in ones, by name. */
  behaviours?: Readonly<Record<string, StageBehaviour>>;
  /** How long a task job's lease lasts without a heartbeat (default 30 s). */
  leaseTtlMs?: number;
}
