import { expenseTrackerApiSpec, expenseTrackerPrd, expenseTrackerSystemDesign, expenseTrackerTaskPlan, EXPENSE_TRACKER_IDEA } from './expense-tracker-design.js';
import { expenseTrackerTaskReviews, expenseTrackerTestSuite } from './expense-tracker-qa.js';
import { expenseTrackerTasks } from './expense-tracker-tasks.js';
import { expenseTrackerDeploymentGuide, expenseTrackerReview, expenseTrackerUserDocs } from './expense-tracker-wrap-up.js';
import type { ScriptedScenario } from './scripted-scenario.js';

export { EXPENSE_TRACKER_IDEA } from './expense-tracker-design.js';

/** A Python command-line expense tracker on a CSV file, packaged with pyproject.toml and tested with pytest: the second stack. */
export const expenseTrackerScenario: ScriptedScenario = {
  name: 'expenses',
  idea: EXPENSE_TRACKER_IDEA,
  documents: {
    prd: expenseTrackerPrd,
    system_design: expenseTrackerSystemDesign,
    api_spec: expenseTrackerApiSpec,
    task_plan: expenseTrackerTaskPlan,
    review: expenseTrackerReview,
    deployment_guide: expenseTrackerDeploymentGuide,
    user_docs: expenseTrackerUserDocs,
  },
  tasks: expenseTrackerTasks,
  taskReviews: expenseTrackerTaskReviews,
  testSuite: expenseTrackerTestSuite,
};
