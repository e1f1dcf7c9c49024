export { DOCUMENT_KINDS, isDocumentKind, type DocumentKind } from './kinds.js';
export {
  documentSchema,
  documentTitle,
  type DocumentContent,
  type DocumentContentMap,
  type DocumentSchemaOptions,
} from './document-schema.js';
export { describeIssues, validateDocument, type DocumentValidation } from './validate-document.js';
export { InvalidDocumentError } from './invalid-document-error.js';
export { renderDocumentForPrompt, renderDocumentMarkdown, type DocumentMeta, type RenderDocumentInput } from './render-document.js';
export { inlineCode } from './render/markdown.js';
export { documentFileName } from './document-file-name.js';

export { prdSchema, type Prd } from './schemas/prd.js';
export { systemDesignSchema, type SystemDesign } from './schemas/system-design.js';
export { apiSpecSchema, type ApiSpec, type InterfaceEntry } from './schemas/api-spec.js';
export { normaliseTaskType, NO_TASKS_MESSAGE, TASK_TYPES, taskPlanSchema, type PlanTask, type RequiredPackage, type TaskPlan, type TaskType } from './schemas/task-plan.js';
export { findDependencyCycle, findTaskPlanProblems, type PlannedTask, type TaskPlanProblem } from './schemas/task-graph.js';
export { codeChangeSchema, fileEditSchema, type CodeChange, type FileEdit } from './schemas/code-change.js';
export { codeFixSchema, type CodeFix } from './schemas/code-fix.js';
export { testPlanSchema, testSuiteSchema, type TestPlan, type TestSuite } from './schemas/test-suite.js';
export { sourceCodeSchema, type SourceCode, type TaskReviewSummary } from './schemas/source-code.js';
export { reviewSchema, type Review, type ReviewComment } from './schemas/review.js';
export {
  PIPELINE_STEPS,
  STEP_OUTCOMES,
  TEST_OUTPUT_MAX_CHARS,
  testReportSchema,
  trimCommandOutput,
  type FixRound,
  type PipelineStep,
  type StaticFinding,
  type StepOutcome,
  type TestCommand,
  type TestReport,
} from './schemas/test-report.js';
export { deploymentGuideSchema, type DeploymentGuide } from './schemas/deployment-guide.js';
export { userDocsSchema, type UserDocs } from './schemas/user-docs.js';
export {
  findMissingPatterns,
  findMissingSections,
  sectionedDocumentSchema,
  type SectionedDocument,
} from './schemas/sectioned.js';
export { markdownDocumentSchema, type MarkdownDocument } from './schemas/markdown.js';
export { isRelativeProjectPath, normalizeProjectPath, RELATIVE_PATH_RULE, type Priority } from './schemas/fields.js';

export * from './examples/index.js';
