import type { MarkdownDocument } from '../schemas/markdown.js';

export function renderMarkdownDocument(doc: MarkdownDocument): string[] {
  return [doc.body.trim()];
}
