import * as z from 'zod';
import { field } from './fields.js';

export const userDocsSchema = field(
  z.object({
    title: field(z.string().min(1), 'Title of the user guide.', 'reading: your reading list in the terminal'),
    overview: field(z.string().min(1), 'What the product does and who it is for.', 'Track books to read and books finished.'),
    installation: field(z.string().min(1), 'How to install it (markdown).', '```sh\nnpm install -g reading-list-cli\n```'),
    usage: field(
      z
        .array(
          z.object({
            title: field(z.string().min(1), 'Name of the task the user wants to do.', 'Add a book'),
            description: field(z.string().min(1), 'How to do it and what happens.', 'Adds the book and prints its id.'),
            commands: field(z.array(z.string().min(1)), 'Example commands; empty for non-CLI products.', ['reading add "Dune"']),
          }),
        )
        .min(1),
      'Usage topics, one per user task.',
    ),
    configuration: field(z.string().min(1), 'Configuration options (markdown); say so when there are none.', 'Set READING_LIST_FILE to move the data file.'),
    faq: field(
      z.array(
        z.object({
          question: field(z.string().min(1), 'A question users ask.', 'Where are my books stored?'),
          answer: field(z.string().min(1), 'Its answer.', 'In ~/.reading-list.json unless READING_LIST_FILE is set.'),
        }),
      ),
      'Frequently asked questions.',
    ),
  }),
  'User documentation, written by the tech writer.',
);

export type UserDocs = z.infer<typeof userDocsSchema>;
