export interface DagNode {
  id: string;
  dependsOn: string[];
}

export interface DagFailure {
  id: string;
  error: unknown;
}

/**
 * Runs every node whose dependencies are done, up to `concurrency` at once, as soon as it is
 * ready (not in lock-step waves, so one slow node does not hold back unrelated ones). After the
 * first failure nothing new starts; nodes already running finish. Nodes `isDone` reports as
 * done (on resume) are skipped.
 */
export async function runDag<T extends DagNode>(
  nodes: T[],
  options: { concurrency: number; isDone: (id: string) => boolean; run: (node: T) => Promise<void> },
): Promise<{ failures: DagFailure[]; completed: string[] }> {
  const done = new Set(nodes.filter((node) => options.isDone(node.id)).map((node) => node.id));
  const running = new Map<string, Promise<void>>();
  const failures: DagFailure[] = [];
  const completed: string[] = [];

  const ready = (): T[] =>
    nodes.filter((node) => !done.has(node.id) && !running.has(node.id) && node.dependsOn.every((dep) => done.has(dep)));

  for (;;) {
    if (failures.length === 0) {
      for (const node of ready()) {
        if (running.size >= options.concurrency) break;
        const job = options.run(node).then(
          () => {
            done.add(node.id);
            completed.push(node.id);
          },
          (error: unknown) => {
            failures.push({ id: node.id, error });
          },
        );
        running.set(node.id, job.finally(() => running.delete(node.id)));
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return { failures, completed };
}
