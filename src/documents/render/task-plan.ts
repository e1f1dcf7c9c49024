import type { TaskPlan } from '../schemas/task-plan.js';
import { heading, inlineCode, section, table } from './markdown.js';
import { renderTaskFlowchart } from './task-flowchart.js';

export function renderTaskPlan(plan: TaskPlan): string[] {
  const packages = table(
    ['Package', 'Version', 'Kind'],
    plan.required_packages.map((p) => [p.name, p.version ?? 'latest', p.dev ? 'dev' : 'runtime']),
  );
  const tasks = table(
    ['ID', 'Title', 'Priority', 'Depends on', 'Files'],
    plan.tasks.map((t) => [t.id, t.title, t.priority, t.dependencies.join(', ') || '-', t.files.map(inlineCode).join(', ')]),
  );
  const details = plan.tasks.map((t) => `${heading(3, `${t.id}: ${t.title}`)}\n\n${t.description.trim()}`).join('\n\n');
  return [
    section('Required Packages', plan.required_packages.length === 0 ? '' : packages),
    section('Tasks', tasks),
    section('Task Dependencies', renderTaskFlowchart(plan.tasks)),
    section('Task Details', details),
    section('Shared Knowledge', plan.shared_knowledge),
  ];
}

/** The plan without its dependency diagram, which only redraws the task table for people. */
export function renderTaskPlanForPrompt(plan: TaskPlan): string[] {
  return renderTaskPlan(plan).filter((block) => !block.startsWith('## Task Dependencies'));
}
