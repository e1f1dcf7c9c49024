/** Every kind of typed document Atelier stores. `sectioned` and `markdown` serve custom roles. */
export const DOCUMENT_KINDS = [
  'prd',
  'system_design',
  'api_spec',
  'task_plan',
  'source_code',
  'review',
  'test_report',
  'deployment_guide',
  'user_docs',
  'sectioned',
  'markdown',
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}
