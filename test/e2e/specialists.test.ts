import { describe, expect, it } from 'vitest';
import type { TaskPlan } from '../../src/documents/index.js';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { replyWith, scenarioRequestName } from '../support/scenarios/scripted-scenario.js';
import { todoCliDocuments } from '../support/scenarios/todo-cli.js';
import { runCli } from '../support/run-cli.js';
import { z } from 'zod';

/** The plan with T3 (the command-line interface, what the user sees) marked as front-end work, in the words a model might use. */
const planWithUiTask: TaskPlan = {
  ...todoCliDocuments.task_plan,
  tasks: todoCliDocuments.task_plan.tasks.map((task) => (task.id === 'T3' ? { ...task, type: 'UI' as never } : task.id === 'T2' ? { ...task, type: 'backend' } : task)),
};

const shownSchema = z.object({
  tasks: z.array(z.looseObject({ taskId: z.string(), status: z.string() })),
  modelCalls: z.array(z.object({ taskId: z.string().nullable(), stageId: z.string().nullable(), role: z.string().nullable() })),
});

describe('specialists by task type (atelier run against the fake server)', () => {
  it('routes a front-end task to the frontend engineer, who writes, commits and is reviewed as the engineer would be; the rest stay with the engineer', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario({ task_plan: replyWith(planWithUiTask) });
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);

    const promptOf = (name: string) => {
      const request = run.server.requests.find((req) => scenarioRequestName(req) === name);
      return [request?.system ?? '', ...(request?.messages ?? []).map((message) => message.content)].join('\n');
    };
    expect(promptOf('T3')).toContain('You are a senior frontend engineer');
    expect(promptOf('T3')).not.toContain('You are a senior software engineer');
    for (const id of ['T1', 'T2']) expect(promptOf(id)).toContain('You are a senior software engineer');

    expect(run.gitLog.find((commit) => commit.subject.startsWith('T3: '))?.author).toBe('Frontend Engineer (Atelier)');
    expect(run.gitLog.find((commit) => commit.subject.startsWith('T2: '))?.author).toBe('Software Engineer (Atelier)');
    const started = run.events.filter((event) => event.type === 'task.started').map((event) => [event.taskId, event.payload.role ?? null]);
    expect(started).toEqual(expect.arrayContaining([['T1', null], ['T2', null], ['T3', 'frontend_engineer']]));
    // Reviewed like any task.
    expect(run.events.find((event) => event.type === 'task.reviewed' && event.taskId === 'T3')?.payload.verdict).toBe('approve');

    const json = await runCli(['show', run.runId, '--project', 'todo', '--json'], { cwd: run.cwd, env: run.env });
    const shown = shownSchema.parse(JSON.parse(json.stdout));
    expect(shown.tasks.find((task) => task.taskId === 'T3')).toMatchObject({ status: 'done', by: 'Frontend Engineer' });
    expect(shown.tasks.find((task) => task.taskId === 'T2')).not.toHaveProperty('by');
    // The ledger names the specialist for its calls, so `cost` shows what front-end work cost.
    expect(shown.modelCalls.filter((call) => call.taskId === 'T3' && call.stageId === 'implement').map((call) => call.role)).toContain('frontend_engineer');

    const text = await runCli(['show', run.runId, '--project', 'todo'], { cwd: run.cwd, env: run.env });
    expect(text.stdout).toMatch(/done\s+T3\s+.*\(Frontend Engineer\)/);
  });
});
