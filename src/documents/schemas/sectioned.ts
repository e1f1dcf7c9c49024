import * as z from 'zod';
import { field } from './fields.js';

/** Heading comparison ignores case and spacing: "threat  model" satisfies "Threat Model". */
function normalizeHeading(heading: string): string {
  return heading.trim().replace(/\s+/g, ' ').toLowerCase();
}

function uniqueSections(sections: readonly string[]): string[] {
  return [...new Set(sections.map((s) => s.trim()).filter((s) => s !== ''))];
}

/**
 * The document of a custom role. With declared sections the heading is an enum of them, so the
 * model sees the exact names in the JSON schema; whether every one is present is checked by
 * `findMissingSections`, whose messages go back to the model in a repair.
 */
export function sectionedDocumentSchema(sections: readonly string[] = []): z.ZodType<SectionedDocument> {
  const declared = uniqueSections(sections);
  const [first, ...rest] = declared;
  const heading =
    first === undefined
      ? field(z.string().min(1), 'Section heading.', 'Findings')
      : field(z.enum([first, ...rest]), `Section heading, one of: ${declared.join(', ')}.`, first);
  const instruction =
    declared.length > 0
      ? `The sections in order; include every one of: ${declared.join(', ')} (a heading matches whatever its case and spacing).`
      : 'The sections of the document, in reading order.';
  return field(
    z.object({
      title: field(z.string().min(1), 'Title of the document.', 'Security review of the reading list CLI'),
      sections: field(
        z
          .array(
            z.object({
              heading,
              // findMissingSections refuses an empty declared section, so the model is told.
              content: field(z.string(), declared.length > 0 ? 'Section body in Markdown, never empty.' : 'Section body in Markdown.', '- The data file is created with mode 0600.'),
            }),
          )
          .min(1),
        instruction,
      ),
    }),
    'A document made of named Markdown sections, written by a custom role.',
  );
}

export interface SectionedDocument {
  title: string;
  sections: { heading: string; content: string }[];
}

/** Problems for each declared section that is absent or empty, e.g. `missing section "Threat Model"`. */
export function findMissingSections(doc: Pick<SectionedDocument, 'sections'>, sections: readonly string[]): string[] {
  const present = new Map<string, string>();
  for (const section of doc.sections) {
    const key = normalizeHeading(section.heading);
    present.set(key, (present.get(key) ?? '') + section.content);
  }
  const problems: string[] = [];
  for (const name of uniqueSections(sections)) {
    const content = present.get(normalizeHeading(name));
    if (content === undefined) problems.push(`missing section "${name}"`);
    else if (content.trim() === '') problems.push(`section "${name}" is empty`);
  }
  return problems;
}

/** Compiles a role's pattern; a pattern that is not a valid regex is matched as literal text. */
function toMatcher(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}

/** Problems for each pattern (case-insensitive regex, or plain text) absent from `text`. */
export function findMissingPatterns(text: string, patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => !toMatcher(pattern).test(text)).map((pattern) => `missing required pattern "${pattern}"`);
}
