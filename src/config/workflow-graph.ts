/**
 * The cycles of a stage graph given as `dependsOn[i]` = the stages stage `i` reads from. Each
 * cycle is listed once, in data-flow order (a stage, then the stage that reads its output, ...),
 * starting from the stage that comes first in the file.
 */
export function findCycles(dependsOn: readonly (readonly number[])[]): number[][] {
  const state: ('new' | 'open' | 'done')[] = dependsOn.map(() => 'new');
  const stack: number[] = [];
  const seen = new Set<string>();
  const cycles: number[][] = [];

  const visit = (node: number): void => {
    state[node] = 'open';
    stack.push(node);
    for (const dep of dependsOn[node] ?? []) {
      if (state[dep] === 'open') {
        // The stack from `dep` to here follows "reads from"; reversed, it is the flow of data.
        const cycle = stack.slice(stack.indexOf(dep)).reverse();
        const key = [...cycle].sort((a, b) => a - b).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(rotateToSmallest(cycle));
        }
      } else if (state[dep] === 'new') {
        visit(dep);
      }
    }
    stack.pop();
    state[node] = 'done';
  };

  dependsOn.forEach((_, i) => {
    if (state[i] === 'new') visit(i);
  });
  return cycles;
}

function rotateToSmallest(cycle: number[]): number[] {
  const start = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}
