import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/workspace.js';
import type { LlmClient } from '../llm/types.js';
import type { SandboxDriver } from '../sandbox/sandbox.js';
import type { SandboxSettings } from '../roles/pipeline/run-pipeline.js';
import type { RunEvents } from './events.js';
import type { CommitQueue } from './commit-queue.js';

/** What executing a run needs, injected so tests and the CLI choose the real or fake parts. */
export interface RunServices {
  store: Store;
  workspace: Workspace;
  llm: LlmClient;
  events: RunEvents;
  commits: CommitQueue;
  sandbox: () => Promise<SandboxDriver>;
  sandboxSettings?: SandboxSettings;
}
