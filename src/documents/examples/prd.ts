import type { Prd } from '../schemas/prd.js';

export const prdExample: Prd = {
  project_name: 'reading_list_cli',
  original_requirements: 'A CLI that tracks my reading list.',
  product_goals: [
    'Add, list and finish books in under a second from the terminal',
    'Keep the data in one human-readable file the user owns',
    'Show reading progress at a glance',
  ],
  user_stories: [
    'As a reader, I want to add a book with one command, so that capturing it never breaks my flow',
    'As a reader, I want to list unread books, so that I can pick the next one',
    'As a reader, I want to mark a book as finished, so that my list shows what I have read',
  ],
  competitive_analysis: [
    { name: 'Goodreads', summary: 'Large social catalogue; slow, web-only, no terminal workflow.', reach: 0.85, engagement: 0.55 },
    { name: 'A notes file', summary: 'Zero setup, but no structure, search or progress.', reach: 0.6, engagement: 0.3 },
    { name: 'StoryGraph', summary: 'Rich statistics; needs an account and a browser.', reach: 0.35, engagement: 0.7 },
  ],
  quadrant_chart: {
    title: 'Reach and engagement of reading trackers',
    x_axis: { low: 'Low reach', high: 'High reach' },
    y_axis: { low: 'Low engagement', high: 'High engagement' },
    quadrants: ['Expand', 'Promote', 'Re-evaluate', 'Improve'],
  },
  requirement_analysis:
    'A single-user, offline tool. Books live in one JSON file; commands must start fast. Accounts, sync and recommendations are out of scope.',
  requirement_pool: [
    { id: 'R1', requirement: 'Add a book with a title and an optional author.', priority: 'P0' },
    { id: 'R2', requirement: 'List books, unread first, in an aligned table.', priority: 'P0' },
    { id: 'R3', requirement: 'Mark a book as finished by its id.', priority: 'P0' },
    { id: 'R4', requirement: 'Show how many books were finished this year.', priority: 'P1' },
    { id: 'R5', requirement: 'Export the list as CSV.', priority: 'P2' },
  ],
  ui_design_draft:
    'Commands: `reading add <title> [--author <name>]`, `reading list [--all]`, `reading done <id>`, `reading stats`. `list` prints id, title, author and status in aligned columns.',
  open_questions: ['Should finished books be exportable to CSV in the first version?'],
};
