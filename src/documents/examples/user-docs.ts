import type { UserDocs } from '../schemas/user-docs.js';

export const userDocsExample: UserDocs = {
  title: 'reading: your reading list in the terminal',
  overview: 'Track the books you want to read and the ones you finished, without leaving the terminal.',
  installation: '```sh\nnpm install -g reading-list-cli\n```',
  usage: [
    { title: 'Add a book', description: 'Adds an unread book and prints its id.', commands: ['reading add "Dune" --author "Frank Herbert"'] },
    { title: 'See what to read next', description: 'Lists unread books; `--all` includes finished ones.', commands: ['reading list', 'reading list --all'] },
    { title: 'Finish a book', description: 'Marks the book with that id as finished today.', commands: ['reading done 4'] },
  ],
  configuration: 'Set `READING_LIST_FILE` to keep the list somewhere other than `~/.reading-list.json`.',
  faq: [
    { question: 'Where are my books stored?', answer: 'In `~/.reading-list.json`, a plain JSON file you can back up or edit.' },
    { question: 'Can I undo `done`?', answer: 'Not yet; edit the file and remove `finished_at`.' },
  ],
};
