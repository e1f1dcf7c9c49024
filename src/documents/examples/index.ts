import type { DocumentContentMap } from '../document-schema.js';
import type { DocumentKind } from '../kinds.js';
import { apiSpecExample } from './api-spec.js';
import { deploymentGuideExample } from './deployment-guide.js';
import { prdExample } from './prd.js';
import { reviewExample } from './review.js';
import { markdownExample, sectionedExample } from './sectioned.js';
import { sourceCodeExample } from './source-code.js';
import { systemDesignExample } from './system-design.js';
import { taskPlanExample } from './task-plan.js';
import { testReportExample } from './test-report.js';
import { userDocsExample } from './user-docs.js';

export { apiSpecExample, openApiSpecExample } from './api-spec.js';
export { codeChangeExample } from './code-change.js';
export { codeFixExample } from './code-fix.js';
export { deploymentGuideExample } from './deployment-guide.js';
export { prdExample } from './prd.js';
export { reviewExample } from './review.js';
export { markdownExample, sectionedExample, SECTIONED_EXAMPLE_SECTIONS } from './sectioned.js';
export { sourceCodeExample } from './source-code.js';
export { systemDesignExample } from './system-design.js';
export { taskPlanExample } from './task-plan.js';
export { testReportExample } from './test-report.js';
export { testSuiteExample } from './test-suite.js';
export { userDocsExample } from './user-docs.js';

/** A complete, valid document of every kind for one small idea ("a CLI that tracks my reading list"). */
export const examples: { readonly [K in DocumentKind]: DocumentContentMap[K] } = {
  prd: prdExample,
  system_design: systemDesignExample,
  api_spec: apiSpecExample,
  task_plan: taskPlanExample,
  source_code: sourceCodeExample,
  review: reviewExample,
  test_report: testReportExample,
  deployment_guide: deploymentGuideExample,
  user_docs: userDocsExample,
  sectioned: sectionedExample,
  markdown: markdownExample,
};
