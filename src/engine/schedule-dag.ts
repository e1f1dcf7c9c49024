export interface DagNode {
  id: string;
  dependsOn: string[];
  /**
   * How much work the node is expected to be, in any unit shared by the graph (1 when
   * unknown): the engine estimates a task by the files it writes, the benchmark passes the
   * fake model's delay.
   */
  estimate?: number;
}

export interface DagFailure {
  id: string;
  error: unknown;
}

/**
 * The work on each node's longest chain of dependents, itself included: with no estimates, how
 * many nodes hang below it. Starting the ready node with the longest chain first is the
 * critical-path rule of list scheduling: the chain that bounds the makespan never waits behind
 * work that could wait.
 */
export function chainLengths(nodes: DagNode[]): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dep of node.dependsOn) {
      const list = dependents.get(dep);
      if (list) list.push(node.id);
      else dependents.set(dep, [node.id]);
    }
  }
  const lengths = new Map<string, number>();
  const estimates = new Map(nodes.map((node) => [node.id, nodeEstimate(node)]));
  const visit = (id: string, path: Set<string>): number => {
    const known = lengths.get(id);
    if (known !== undefined) return known;
    // A cycle cannot reach here (workflows and plans are checked for cycles first); guard anyway.
    if (path.has(id)) return 0;
    path.add(id);
    let longest = 0;
    for (const next of dependents.get(id) ?? []) longest = Math.max(longest, visit(next, path));
    const length = (estimates.get(id) ?? 1) + longest;
    path.delete(id);
    lengths.set(id, length);
    return length;
  };
  for (const node of nodes) visit(node.id, new Set());
  return lengths;
}

/** A node's estimate, or 1 when it has none or a nonsensical one (a model wrote the plan). */
function nodeEstimate(node: DagNode): number {
  const estimate = node.estimate;
  return estimate !== undefined && Number.isFinite(estimate) && estimate > 0 ? estimate : 1;
}

/** A node that waits for something outside the run (a person's approval): neither done nor failed. */
export interface DagParked {
  id: string;
  reason: string;
}

/** What a node's job may return: nothing (done), or that it parked and why. */
export type NodeResult = void | { parked: string };

/**
 * Runs every node whose dependencies are done, up to `concurrency` at once, as soon as it is
 * ready (not in lock-step waves, so one slow node does not hold back unrelated ones), the one
 * with the most work on its longest chain of dependents first (see `chainLengths`). After the
 * first failure nothing new starts; nodes already running finish. Nodes `isDone` reports as
 * done (on resume) are skipped. A node that parks holds back only its dependents; the rest of
 * the graph goes on.
 *
 * Each completion touches only its own dependents (a count of unfinished dependencies per node
 * and a heap of ready nodes in priority order), so scheduling costs O((nodes + edges) log nodes).
 */
export async function runDag<T extends DagNode>(
  nodes: T[],
  options: { concurrency: number; isDone: (id: string) => boolean; run: (node: T) => Promise<NodeResult> },
): Promise<{ failures: DagFailure[]; completed: string[]; parked: DagParked[] }> {
  const done = new Set(nodes.filter((node) => options.isDone(node.id)).map((node) => node.id));
  const running = new Map<string, Promise<void>>();
  const failures: DagFailure[] = [];
  const completed: string[] = [];
  const parked: DagParked[] = [];

  const chain = chainLengths(nodes);
  const order = new Map(nodes.map((node, index) => [node.id, index]));
  const dependents = new Map<string, T[]>();
  const waitingOn = new Map<string, number>();
  // Highest chain first; equal chains keep the plan's order.
  const ready = new PriorityQueue<T>((a, b) => (chain.get(b.id) ?? 0) - (chain.get(a.id) ?? 0) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const makeReady = (node: T) => ready.push(node);
  for (const node of nodes) {
    if (done.has(node.id)) continue;
    // A dependency outside the graph can never finish: the node never becomes ready.
    const open = node.dependsOn.filter((dep) => !done.has(dep));
    waitingOn.set(node.id, open.length);
    for (const dep of open) {
      const list = dependents.get(dep);
      if (list) list.push(node);
      else dependents.set(dep, [node]);
    }
    if (open.length === 0) makeReady(node);
  }
  const finish = (node: T) => {
    done.add(node.id);
    completed.push(node.id);
    for (const next of dependents.get(node.id) ?? []) {
      const left = (waitingOn.get(next.id) ?? 0) - 1;
      waitingOn.set(next.id, left);
      if (left === 0) makeReady(next);
    }
  };

  for (;;) {
    while (failures.length === 0 && running.size < options.concurrency && ready.size > 0) {
      const node = ready.pop()!;
      const job = options.run(node).then(
        (result) => (result && 'parked' in result ? parked.push({ id: node.id, reason: result.parked }) : finish(node)),
        (error: unknown) => {
          failures.push({ id: node.id, error });
        },
      );
      running.set(node.id, job.then(() => undefined).finally(() => running.delete(node.id)));
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return { failures, completed, parked };
}

/** A binary heap: `pop` hands back the item `before` puts first, in O(log n). */
class PriorityQueue<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.before(items[at]!, items[parent]!) >= 0) break;
      [items[at], items[parent]] = [items[parent]!, items[at]!];
      at = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let first = at;
      if (left < items.length && this.before(items[left]!, items[first]!) < 0) first = left;
      if (right < items.length && this.before(items[right]!, items[first]!) < 0) first = right;
      if (first === at) return top;
      [items[at], items[first]] = [items[first]!, items[at]!];
      at = first;
    }
  }
}
