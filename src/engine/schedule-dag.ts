export interface DagNode {
  id: string;
  dependsOn: string[];
}

export interface DagFailure {
  id: string;
  error: unknown;
}

/**
 * How many nodes hang below each node on its longest chain of dependents (itself included).
 * Starting the ready node with the longest chain first is the critical-path rule of list
 * scheduling: the chain that bounds the makespan never waits behind work that could wait.
 */
export function chainLengths(nodes: DagNode[]): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const node of nodes) for (const dep of node.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), node.id]);
  const lengths = new Map<string, number>();
  const visit = (id: string, path: Set<string>): number => {
    const known = lengths.get(id);
    if (known !== undefined) return known;
    // A cycle cannot reach here (workflows and plans are checked for cycles first); guard anyway.
    if (path.has(id)) return 0;
    path.add(id);
    const length = 1 + Math.max(0, ...(dependents.get(id) ?? []).map((next) => visit(next, path)));
    path.delete(id);
    lengths.set(id, length);
    return length;
  };
  for (const node of nodes) visit(node.id, new Set());
  return lengths;
}

/**
 * Runs every node whose dependencies are done, up to `concurrency` at once, as soon as it is
 * ready (not in lock-step waves, so one slow node does not hold back unrelated ones), the one
 * with the longest chain of dependents first. After the first failure nothing new starts;
 * nodes already running finish. Nodes `isDone` reports as done (on resume) are skipped.
 */
export async function runDag<T extends DagNode>(
  nodes: T[],
  options: { concurrency: number; isDone: (id: string) => boolean; run: (node: T) => Promise<void> },
): Promise<{ failures: DagFailure[]; completed: string[] }> {
  const done = new Set(nodes.filter((node) => options.isDone(node.id)).map((node) => node.id));
  const running = new Map<string, Promise<void>>();
  const failures: DagFailure[] = [];
  const completed: string[] = [];

  const chain = chainLengths(nodes);
  // Stable: equal chains keep the plan's order.
  const ready = (): T[] =>
    nodes
      .filter((node) => !done.has(node.id) && !running.has(node.id) && node.dependsOn.every((dep) => done.has(dep)))
      .sort((a, b) => (chain.get(b.id) ?? 0) - (chain.get(a.id) ?? 0));

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
