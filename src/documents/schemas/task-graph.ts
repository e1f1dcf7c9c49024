import { findDuplicates, normalizeProjectPath } from './fields.js';

export interface PlannedTask {
  id: string;
  files: readonly string[];
  dependencies: readonly string[];
}

/**
 * The first dependency cycle found, as ids with the first repeated at the end
 * (`["T1", "T2", "T1"]`), or undefined. Unknown ids are ignored: they are reported on their own.
 */
export function findDependencyCycle(tasks: readonly PlannedTask[]): string[] | undefined {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string): string[] | undefined => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const dependency of byId.get(id)?.dependencies ?? []) {
      if (!byId.has(dependency)) continue;
      const seen = state.get(dependency);
      if (seen === 'visiting') return [...stack.slice(stack.indexOf(dependency)), dependency];
      if (seen === undefined) {
        const cycle = visit(dependency);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };

  for (const task of tasks) {
    if (state.has(task.id)) continue;
    const cycle = visit(task.id);
    if (cycle) return cycle;
  }
  return undefined;
}

export interface TaskPlanProblem {
  /** Where the problem is, as a path into the task plan (for zod issues). */
  path: (string | number)[];
  message: string;
}

/** Everything that makes a task graph unusable: the engine could not schedule it or two engineers would collide. */
export function findTaskPlanProblems(tasks: readonly PlannedTask[]): TaskPlanProblem[] {
  const problems: TaskPlanProblem[] = [];
  for (const id of findDuplicates(tasks.map((task) => task.id))) {
    problems.push({ path: ['tasks'], message: `duplicate task id "${id}": each task needs its own id` });
  }

  const ids = new Set(tasks.map((task) => task.id));
  tasks.forEach((task, index) => {
    task.dependencies.forEach((dependency, depIndex) => {
      if (!ids.has(dependency)) {
        problems.push({
          path: ['tasks', index, 'dependencies', depIndex],
          message: `task "${task.id}" depends on unknown task "${dependency}"`,
        });
      }
    });
  });

  const cycle = findDependencyCycle(tasks);
  if (cycle) {
    problems.push({ path: ['tasks'], message: `dependency cycle: ${cycle.join(' -> ')}` });
  }

  const owners = new Map<string, string>();
  tasks.forEach((task, index) => {
    for (const file of new Set(task.files.map(normalizeProjectPath))) {
      const owner = owners.get(file);
      if (owner === undefined) {
        owners.set(file, task.id);
      } else if (owner !== task.id) {
        problems.push({
          path: ['tasks', index, 'files'],
          message: `file "${file}" is claimed by tasks "${owner}" and "${task.id}": give each file to exactly one task`,
        });
      }
    }
  });
  return problems;
}
