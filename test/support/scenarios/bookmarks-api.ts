import { bookmarksApiPrd, bookmarksApiSpec, bookmarksApiSystemDesign, bookmarksApiTaskPlan, BOOKMARKS_API_IDEA } from './bookmarks-api-design.js';
import { bookmarksApiTaskReviews, bookmarksApiTestSuite } from './bookmarks-api-qa.js';
import { bookmarksApiTasks } from './bookmarks-api-tasks.js';
import { bookmarksApiDeploymentGuide, bookmarksApiReview, bookmarksApiUserDocs } from './bookmarks-api-wrap-up.js';
import type { ScriptedScenario } from './scripted-scenario.js';

export { BOOKMARKS_API_IDEA } from './bookmarks-api-design.js';

/**
 * A TypeScript HTTP service with npm dependencies: a bookmarks REST API on node:http, typed with
 * tsc and tested with vitest, whose lockfile pins packages this repository's own lockfile has
 * (so the npm cache that Atelier's `npm ci` filled can install it offline).
 */
export const bookmarksApiScenario: ScriptedScenario = {
  name: 'bookmarks',
  idea: BOOKMARKS_API_IDEA,
  documents: {
    prd: bookmarksApiPrd,
    system_design: bookmarksApiSystemDesign,
    api_spec: bookmarksApiSpec,
    task_plan: bookmarksApiTaskPlan,
    review: bookmarksApiReview,
    deployment_guide: bookmarksApiDeploymentGuide,
    user_docs: bookmarksApiUserDocs,
  },
  tasks: bookmarksApiTasks,
  taskReviews: bookmarksApiTaskReviews,
  testSuite: bookmarksApiTestSuite,
};
