import { documentTitle, type DocumentContentMap } from './document-schema.js';
import { InvalidDocumentError } from './invalid-document-error.js';
import type { DocumentKind } from './kinds.js';
import { renderApiSpec, renderApiSpecForPrompt } from './render/api-spec.js';
import { renderDeploymentGuide } from './render/deployment-guide.js';
import { renderHeader, type DocumentMeta } from './render/header.js';
import { joinBlocks } from './render/markdown.js';
import { renderMarkdownDocument } from './render/markdown-document.js';
import { renderPrd, renderPrdForPrompt } from './render/prd.js';
import { renderReview } from './render/review.js';
import { renderSectioned } from './render/sectioned.js';
import { renderSourceCode } from './render/source-code.js';
import { renderSystemDesign } from './render/system-design.js';
import { renderTaskPlan, renderTaskPlanForPrompt } from './render/task-plan.js';
import { renderTestReport } from './render/test-report.js';
import { renderUserDocs } from './render/user-docs.js';
import { validateDocument } from './validate-document.js';

export type { DocumentMeta } from './render/header.js';

export interface RenderDocumentInput {
  kind: DocumentKind;
  /** The document's name in its workflow, e.g. `prd`. */
  name: string;
  /** The stored JSON; parsed again here so a renderer never meets a malformed shape. */
  content: unknown;
  meta: DocumentMeta;
}

const RENDERERS: { [K in DocumentKind]: (content: DocumentContentMap[K]) => string[] } = {
  prd: renderPrd,
  system_design: renderSystemDesign,
  api_spec: renderApiSpec,
  task_plan: renderTaskPlan,
  source_code: renderSourceCode,
  review: renderReview,
  test_report: renderTestReport,
  deployment_guide: renderDeploymentGuide,
  user_docs: renderUserDocs,
  sectioned: renderSectioned,
  markdown: renderMarkdownDocument,
};

function render<K extends DocumentKind>(kind: K, content: DocumentContentMap[K]): string[] {
  return RENDERERS[kind](content);
}

/** Kinds whose content carries its own title show it; the others show the kind's title. */
function titleOf(kind: DocumentKind, content: DocumentContentMap[DocumentKind]): string {
  if ((kind === 'sectioned' || kind === 'markdown' || kind === 'user_docs') && 'title' in content && typeof content.title === 'string') {
    return content.title;
  }
  return documentTitle(kind);
}

/** The Markdown file written to `docs/` for a stored document: a short header, then every section. */
export function renderDocumentMarkdown(input: RenderDocumentInput): string {
  // Sections are not enforced here: a stored sectioned document was checked against its role when it was made.
  const parsed = validateDocument(input.kind, input.content);
  if (!parsed.success) {
    throw new InvalidDocumentError({ kind: input.kind, documentName: input.name, problems: parsed.problems });
  }
  const header = renderHeader(titleOf(input.kind, parsed.data), input.name, input.meta);
  return joinBlocks([header, ...render(input.kind, parsed.data)]);
}

/**
 * Kinds whose Markdown carries more than the roles downstream act on: the prompt shows the
 * decisions and leaves out what is there for people (the PRD's competitive analysis and its
 * chart, the plan's dependency diagram, which repeats its task table), and says it compactly.
 */
const PROMPT_RENDERERS: { [K in DocumentKind]?: (content: DocumentContentMap[K]) => string[] } = {
  prd: renderPrdForPrompt,
  api_spec: renderApiSpecForPrompt,
  task_plan: renderTaskPlanForPrompt,
};

/**
 * A stored document as a model reads it: its sections without the file's header table (whose
 * clock would make every run's prompt differ) and without what only people need. Every role
 * is shown the same view of a document, so calls that read it share it as a cached prefix.
 */
export function renderDocumentForPrompt(input: Omit<RenderDocumentInput, 'meta'>): string {
  const parsed = validateDocument(input.kind, input.content);
  if (!parsed.success) {
    throw new InvalidDocumentError({ kind: input.kind, documentName: input.name, problems: parsed.problems });
  }
  const renderer = (PROMPT_RENDERERS[input.kind] ?? RENDERERS[input.kind]) as (content: DocumentContentMap[DocumentKind]) => string[];
  return joinBlocks(renderer(parsed.data));
}
