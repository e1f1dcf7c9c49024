import * as z from 'zod';
import { field, prioritySchema, relativePathSchema } from './fields.js';
import { findTaskPlanProblems } from './task-graph.js';

export const NO_TASKS_MESSAGE = 'the plan has no tasks: add at least one task';

const taskIdSchema = z.string().regex(/^T[0-9]+$/, { error: 'task ids look like "T1", "T2", ...' });

const packageSchema = z.object({
  name: field(z.string().min(1), 'Package name as the package manager knows it.', 'commander'),
  version: field(z.string().min(1).optional(), 'Version range, when one matters.', '^14.0.0'),
  dev: field(z.boolean(), 'true when only needed to build or test.', false),
});

/** The kinds of work a task can be; a workflow may route each to a specialist role (`specialists:` of an engineer stage). */
export const TASK_TYPES = ['backend', 'frontend', 'testing', 'devops', 'docs'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** What models write for the same kind of work: "UI", "front-end", "Tests"… */
const TASK_TYPE_SYNONYMS: Readonly<Record<string, TaskType>> = {
  ui: 'frontend',
  web: 'frontend',
  client: 'frontend',
  'front-end': 'frontend',
  front_end: 'frontend',
  'back-end': 'backend',
  back_end: 'backend',
  server: 'backend',
  api: 'backend',
  test: 'testing',
  tests: 'testing',
  qa: 'testing',
  ops: 'devops',
  infra: 'devops',
  infrastructure: 'devops',
  ci: 'devops',
  deployment: 'devops',
  doc: 'docs',
  documentation: 'docs',
};

/**
 * A routing hint, so a word the model chose differently is read as meant, and one that names no
 * known kind (or is left out) sends the task to the stage's own engineer instead of failing the plan.
 */
export function normaliseTaskType(value: unknown): TaskType | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if ((TASK_TYPES as readonly string[]).includes(word)) return word as TaskType;
  // Own keys only: `constructor` or `__proto__` must not find what every object inherits.
  return Object.hasOwn(TASK_TYPE_SYNONYMS, word) ? TASK_TYPE_SYNONYMS[word] : undefined;
}

const taskSchema = z.object({
  id: field(taskIdSchema, 'Task id: T1, T2, ...', 'T1'),
  title: field(z.string().min(1), 'Short imperative title.', 'Implement the reading list store'),
  files: field(
    z.array(relativePathSchema).min(1),
    'Files this task creates or changes, relative to the project root; no file belongs to two tasks.',
    ['src/reading-list.ts', 'src/reading-list.test.ts'],
  ),
  description: field(
    z.string().min(1),
    'What to implement, the interfaces to honour and how to test it, enough for an engineer who sees only this task.',
    'Load and save books in a JSON file; add, list and finish books; unit tests with a temporary file.',
  ),
  dependencies: field(
    z.array(taskIdSchema),
    'Ids of other tasks of this plan that must be done first, never forming a cycle (T1 needs T2 needs T1); empty when none.',
    [],
  ),
  priority: field(prioritySchema, 'P0 must have, P1 should have, P2 nice to have.', 'P0'),
  type: field(
    z.preprocess(normaliseTaskType, z.enum(TASK_TYPES).optional()),
    'The kind of work: frontend for user interface (pages, styles, browser code), backend for server, data and logic, testing, devops (build, CI, deployment) or docs.',
    'backend',
  ),
});

export const taskPlanSchema = field(
  z
    .object({
      required_packages: field(z.array(packageSchema), 'Packages the project depends on; empty when none.'),
      tasks: field(
        z.array(taskSchema).min(1, { error: NO_TASKS_MESSAGE }),
        'The tasks to implement, at least one, each with its own id (no id twice); each runs as one engineer job once its dependencies are done.',
      ),
      shared_knowledge: field(
        z.string(),
        'Conventions every engineer must follow: shared types, file layout, error handling, commands.',
        'Books are { id, title, author?, finished_at? }; the store file is ~/.reading-list.json.',
      ),
    })
    .superRefine((plan, ctx) => {
      for (const problem of findTaskPlanProblems(plan.tasks)) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      }
    }),
  'Task plan: the tasks that build the project, written by the project manager.',
);

export type TaskPlan = z.infer<typeof taskPlanSchema>;
export type PlanTask = TaskPlan['tasks'][number];
export type RequiredPackage = TaskPlan['required_packages'][number];
