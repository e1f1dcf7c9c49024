import { webGameApiSpec, webGamePrd, webGameSystemDesign, webGameTaskPlan, WEB_GAME_IDEA } from './web-game-design.js';
import { webGameTaskReviews, webGameTestSuite } from './web-game-qa.js';
import { webGameTasks } from './web-game-tasks.js';
import { webGameDeploymentGuide, webGameReview, webGameUserDocs } from './web-game-wrap-up.js';
import type { ScriptedScenario } from './scripted-scenario.js';

export { WEB_GAME_IDEA } from './web-game-design.js';

/** A two-player tic-tac-toe page in plain HTML, CSS and ES modules, its rules tested with node --test: the browser front-end stack. */
export const webGameScenario: ScriptedScenario = {
  name: 'game',
  idea: WEB_GAME_IDEA,
  documents: {
    prd: webGamePrd,
    system_design: webGameSystemDesign,
    api_spec: webGameApiSpec,
    task_plan: webGameTaskPlan,
    review: webGameReview,
    deployment_guide: webGameDeploymentGuide,
    user_docs: webGameUserDocs,
  },
  tasks: webGameTasks,
  taskReviews: webGameTaskReviews,
  testSuite: webGameTestSuite,
};
