import { describe, expect, it } from 'vitest';
import { taskPlanExample } from '../examples/task-plan.js';
import { describeIssues } from '../validate-document.js';
import { findDependencyCycle } from './task-graph.js';
import { taskPlanSchema, type PlanTask } from './task-plan.js';

const task = (id: string, dependencies: string[], files = [`src/${id.toLowerCase()}.ts`]): PlanTask => ({
  id,
  title: `Task ${id}`,
  files,
  description: 'Do it.',
  dependencies,
  priority: 'P1',
});

function problems(tasks: PlanTask[]): string[] {
  const result = taskPlanSchema.safeParse({ ...taskPlanExample, tasks });
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('taskPlanSchema', () => {
  it('accepts the example', () => {
    expect(taskPlanSchema.parse(taskPlanExample)).toEqual(taskPlanExample);
  });

  it('reads a task type as the model meant it, and one it cannot place as no type (the stage’s own engineer)', () => {
    const typeOf = (type: unknown) => taskPlanSchema.parse({ ...taskPlanExample, tasks: [{ ...task('T1', []), type }] }).tasks[0]?.type;
    expect(typeOf('frontend')).toBe('frontend');
    expect(typeOf(' Front-End ')).toBe('frontend');
    expect(typeOf('UI')).toBe('frontend');
    expect(typeOf('Tests')).toBe('testing');
    expect(typeOf('documentation')).toBe('docs');
    expect(typeOf('quantum')).toBeUndefined();
    expect(typeOf(7)).toBeUndefined();
    expect(typeOf('constructor')).toBeUndefined();
    expect(typeOf('__proto__')).toBeUndefined();
    expect(taskPlanSchema.parse({ ...taskPlanExample, tasks: [task('T1', [])] }).tasks[0]).not.toHaveProperty('type', expect.anything());
  });

  it('names the dependency cycle', () => {
    expect(problems([task('T1', ['T3']), task('T2', ['T1']), task('T3', ['T2']), task('T4', [])])).toEqual([
      'tasks: dependency cycle: T1 -> T3 -> T2 -> T1',
    ]);
  });

  it('treats a task depending on itself as a cycle', () => {
    expect(problems([task('T1', ['T1'])])).toEqual(['tasks: dependency cycle: T1 -> T1']);
  });

  it('rejects a dependency on an unknown task', () => {
    expect(problems([task('T1', []), task('T2', ['T1', 'T9'])])).toEqual([
      'tasks[1].dependencies[1]: task "T2" depends on unknown task "T9"',
    ]);
  });

  it('rejects duplicate ids', () => {
    expect(problems([task('T1', []), task('T1', [], ['src/other.ts'])])).toEqual([
      'tasks: duplicate task id "T1": each task needs its own id',
    ]);
  });

  it('rejects a plan without tasks', () => {
    expect(problems([])).toEqual(['tasks: the plan has no tasks: add at least one task']);
  });

  it('rejects a file claimed by two tasks, even when spelled differently', () => {
    expect(problems([task('T1', [], ['src/cli.ts']), task('T2', ['T1'], ['./src//cli.ts'])])).toEqual([
      'tasks[1].files: file "src/cli.ts" is claimed by tasks "T1" and "T2": give each file to exactly one task',
    ]);
  });

  it('rejects paths outside the project and malformed ids', () => {
    const found = problems([{ ...task('T1', []), files: ['/etc/passwd', '../x.ts'] }, task('task-2', [])]);
    expect(found).toContainEqual(expect.stringMatching(/^tasks\[0\]\.files\[0\]: must be a relative path inside the project/));
    expect(found).toContainEqual(expect.stringMatching(/^tasks\[0\]\.files\[1\]: must be a relative path inside the project/));
    expect(found).toContainEqual('tasks[1].id: task ids look like "T1", "T2", ...');
  });
});

describe('findDependencyCycle', () => {
  it('finds nothing in a diamond', () => {
    expect(findDependencyCycle([task('T1', []), task('T2', ['T1']), task('T3', ['T1']), task('T4', ['T2', 'T3'])])).toBeUndefined();
  });

  it('ignores unknown ids (they are reported separately)', () => {
    expect(findDependencyCycle([task('T1', ['T7'])])).toBeUndefined();
  });
});
