import type { CodeChange } from '../schemas/code-change.js';

export const codeChangeExample: CodeChange = {
  files: [
    {
      path: 'src/reading-list.ts',
      content: [
        'export interface Book {',
        '  id: number;',
        '  title: string;',
        '  author?: string;',
        '  finished_at?: string;',
        '}',
        '',
        'export function addBook(books: Book[], title: string, author?: string): Book {',
        '  const id = Math.max(0, ...books.map((b) => b.id)) + 1;',
        '  const book: Book = author === undefined ? { id, title } : { id, title, author };',
        '  books.push(book);',
        '  return book;',
        '}',
        '',
      ].join('\n'),
    },
  ],
  notes: 'Ids are the highest id plus one, so deleting the last book reuses its id; acceptable for a personal list.',
};
