import type { PlanTask } from '../schemas/task-plan.js';
import { mermaidBlock, mermaidLabel } from './mermaid.js';

/** Arrows point from a task to the tasks waiting on it; task ids (`T1`) are valid node ids as they are. */
export function renderTaskFlowchart(tasks: readonly PlanTask[]): string {
  const lines = ['flowchart TD'];
  for (const task of tasks) {
    lines.push(`    ${task.id}["${task.id}: ${mermaidLabel(task.title)} (${task.priority})"]`);
  }
  for (const task of tasks) {
    for (const dependency of task.dependencies) lines.push(`    ${dependency} --> ${task.id}`);
  }
  return mermaidBlock(lines);
}
