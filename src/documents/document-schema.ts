import type { z } from 'zod';
import type { DocumentKind } from './kinds.js';
import { apiSpecSchema, type ApiSpec } from './schemas/api-spec.js';
import { deploymentGuideSchema, type DeploymentGuide } from './schemas/deployment-guide.js';
import { markdownDocumentSchema, type MarkdownDocument } from './schemas/markdown.js';
import { prdSchema, type Prd } from './schemas/prd.js';
import { reviewSchema, type Review } from './schemas/review.js';
import { sectionedDocumentSchema, type SectionedDocument } from './schemas/sectioned.js';
import { sourceCodeSchema, type SourceCode } from './schemas/source-code.js';
import { systemDesignSchema, type SystemDesign } from './schemas/system-design.js';
import { taskPlanSchema, type TaskPlan } from './schemas/task-plan.js';
import { testReportSchema, type TestReport } from './schemas/test-report.js';
import { userDocsSchema, type UserDocs } from './schemas/user-docs.js';

/** The JSON content of each kind of document. */
export interface DocumentContentMap {
  prd: Prd;
  system_design: SystemDesign;
  api_spec: ApiSpec;
  task_plan: TaskPlan;
  source_code: SourceCode;
  review: Review;
  test_report: TestReport;
  deployment_guide: DeploymentGuide;
  user_docs: UserDocs;
  sectioned: SectionedDocument;
  markdown: MarkdownDocument;
}

export type DocumentContent<K extends DocumentKind = DocumentKind> = DocumentContentMap[K];

export interface DocumentSchemaOptions {
  /** Section names a custom role declares; only used by the `sectioned` kind. */
  sections?: readonly string[];
}

type FixedKind = Exclude<DocumentKind, 'sectioned'>;

const FIXED_SCHEMAS: { [K in FixedKind]: z.ZodType<DocumentContentMap[K]> } = {
  prd: prdSchema,
  system_design: systemDesignSchema,
  api_spec: apiSpecSchema,
  task_plan: taskPlanSchema,
  source_code: sourceCodeSchema,
  review: reviewSchema,
  test_report: testReportSchema,
  deployment_guide: deploymentGuideSchema,
  user_docs: userDocsSchema,
  markdown: markdownDocumentSchema,
};

/** The schema a document of `kind` must satisfy; also what the model receives as its output schema. */
export function documentSchema<K extends DocumentKind>(kind: K, options: DocumentSchemaOptions = {}): z.ZodType<DocumentContentMap[K]> {
  if (kind === 'sectioned') {
    return sectionedDocumentSchema(options.sections ?? []) as z.ZodType<DocumentContentMap[K]>;
  }
  return FIXED_SCHEMAS[kind as FixedKind] as z.ZodType<DocumentContentMap[K]>;
}

const TITLES: Record<DocumentKind, string> = {
  prd: 'Product Requirements Document',
  system_design: 'System Design',
  api_spec: 'API Specification',
  task_plan: 'Task Plan',
  source_code: 'Source Code',
  review: 'Code Review',
  test_report: 'Test Report',
  deployment_guide: 'Deployment Guide',
  user_docs: 'User Documentation',
  sectioned: 'Document',
  markdown: 'Document',
};

/** Human title of a kind, e.g. "Product Requirements Document". */
export function documentTitle(kind: DocumentKind): string {
  return TITLES[kind];
}
