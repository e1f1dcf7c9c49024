import type { SectionedDocument } from '../schemas/sectioned.js';
import { section } from './markdown.js';

export function renderSectioned(doc: SectionedDocument): string[] {
  return doc.sections.map((s) => section(s.heading, s.content));
}
