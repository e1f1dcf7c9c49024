import type { FakeResponder } from '../fake-llm-types.js';
import { todoCliApiSpec, todoCliPrd, todoCliSystemDesign, todoCliTaskPlan, TODO_CLI_IDEA } from './todo-cli-design.js';
import { todoCliTaskReviews, todoCliTestSuite } from './todo-cli-qa.js';
import { todoCliTasks } from './todo-cli-tasks.js';
import { todoCliDeploymentGuide, todoCliReview, todoCliUserDocs } from './todo-cli-wrap-up.js';
import { scenarioResponder, type ScenarioOverride, type ScriptedScenario } from './scripted-scenario.js';

export { TODO_CLI_IDEA } from './todo-cli-design.js';
export { todoCliTaskReviews, todoCliTestSuite } from './todo-cli-qa.js';
export { todoCliProjectFiles, todoCliTasks } from './todo-cli-tasks.js';
export { scenarioReply, scenarioRequestName, scenarioReviewRound, scenarioUsage, type ScenarioOverride } from './scripted-scenario.js';

/** A JavaScript command-line todo manager with node:test and no dependencies: the first scenario, and the default demo. */
export const todoCliScenario: ScriptedScenario = {
  name: 'todo',
  idea: TODO_CLI_IDEA,
  documents: {
    prd: todoCliPrd,
    system_design: todoCliSystemDesign,
    api_spec: todoCliApiSpec,
    task_plan: todoCliTaskPlan,
    review: todoCliReview,
    deployment_guide: todoCliDeploymentGuide,
    user_docs: todoCliUserDocs,
  },
  tasks: todoCliTasks,
  taskReviews: todoCliTaskReviews,
  testSuite: todoCliTestSuite,
};

export const todoCliDocuments = todoCliScenario.documents;

/** The scripted model for the todo-cli scenario (see `scenarioResponder`); variants bring `overrides` (buggy-todo-cli.ts). */
export function todoCliResponder(overrides: Partial<Record<string, ScenarioOverride>> = {}): FakeResponder {
  return scenarioResponder(todoCliScenario, overrides);
}
