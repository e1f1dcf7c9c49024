import * as z from 'zod';
import { field } from './fields.js';

/** The document of a custom role that declares no sections: free Markdown under a title. */
export const markdownDocumentSchema = field(
  z.object({
    title: field(z.string().min(1), 'Title of the document.', 'Release notes for reading 1.0'),
    body: field(z.string().min(1), 'The whole document in Markdown, without the title.', '## Highlights\n\n- Add, list and finish books.'),
  }),
  'A free-form Markdown document, written by a custom role.',
);

export type MarkdownDocument = z.infer<typeof markdownDocumentSchema>;
