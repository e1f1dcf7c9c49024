import { heading, inlineCode, table } from './markdown.js';

export interface DocumentMeta {
  version: number;
  authorRole: string;
  status: string;
  /** The document versions this one was made from. */
  lineage: { name: string; version: number }[];
  createdAt: string;
}

/** Title plus one row saying which version this is, who wrote it and what it was made from. */
export function renderHeader(title: string, name: string, meta: DocumentMeta): string {
  const madeFrom = meta.lineage.length === 0 ? 'the idea' : meta.lineage.map((l) => `${l.name} v${l.version}`).join(', ');
  return `${heading(1, title)}\n\n${table(
    ['Document', 'Version', 'Author', 'Status', 'Made from', 'Created'],
    [[inlineCode(name), String(meta.version), meta.authorRole, meta.status, madeFrom, meta.createdAt]],
  )}`;
}
