import type { Workspace } from '../workspace/workspace.js';

/** Git takes one commit at a time (index.lock); parallel stages and tasks queue here. */
export class CommitQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly workspace: Workspace) {}

  commit(args: Parameters<Workspace['commit']>[0]): Promise<string | null> {
    const next = this.tail.then(() => this.workspace.commit(args));
    this.tail = next.catch(() => undefined);
    return next;
  }
}
