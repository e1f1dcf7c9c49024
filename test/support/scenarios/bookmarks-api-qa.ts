import { readFileSync } from 'node:fs';
import type { Review, TestSuite } from '../../../src/documents/index.js';
import { bookmarksApiPrd } from './bookmarks-api-design.js';
import { BOOKMARKS_API_PROJECT_ROOT, bookmarksLineOf } from './bookmarks-api-tasks.js';

// QA's file lives in the project folder, beside the tests it joins, so its imports resolve there.
export const BOOKMARKS_ACCEPTANCE_PATH = 'test/acceptance.spec.ts';
const acceptance = readFileSync(new URL(BOOKMARKS_ACCEPTANCE_PATH, BOOKMARKS_API_PROJECT_ROOT), 'utf8');

/** The test names of the acceptance file, in order: one per user story of the PRD. */
const testNames = [...acceptance.matchAll(/^it\('([^']+)'/gm)].map((match) => match[1]!);

/** QA's answer: a plan that maps each user story to its acceptance test, and the test file. */
export const bookmarksApiTestSuite: TestSuite = {
  plan: {
    approach:
      'Each user story is tested through the HTTP API only, the way a client meets it: a fresh server per test on a free port of 127.0.0.1, called with fetch, asserting status codes, headers and JSON bodies exactly as the PRD and the API spec state them. The engineers\' tests already cover validation and the store directly; these tests follow whole journeys (save then list, delete then list, a refused request that stores nothing).',
    cases: bookmarksApiPrd.user_stories.map((story, index) => ({ user_story: story, test: testNames[index] ?? `story ${index + 1}`, file: BOOKMARKS_ACCEPTANCE_PATH })),
  },
  files: [{ path: BOOKMARKS_ACCEPTANCE_PATH, content: acceptance }],
  notes: 'The tests use only the loopback: each starts its own server on port 0 and stops it afterwards, so they need no network and run in any order.',
};

/** The code reviewer's verdict on each task as it is done: every one approved, with the minor points it noticed. */
export const bookmarksApiTaskReviews: Record<string, Review> = {
  T1: {
    verdict: 'approve',
    summary: 'The manifest keeps every package a devDependency, the lockfile pins them with integrity hashes, and the two tsconfig files split type checking (src and test) from the build (src to dist) as the task asks.',
    comments: [],
  },
  T2: {
    verdict: 'approve',
    summary: 'Validation narrows unknown input field by field and reports every problem at once; the store follows the design name for name and hands out copies. The tests cover each rule.',
    comments: [
      {
        file: 'src/bookmarks.ts',
        line: bookmarksLineOf('src/bookmarks.ts', 'const existing = bookmarks.find((bookmark) => bookmark.url === input.url);'),
        severity: 'minor',
        comment: 'The duplicate check scans every bookmark on each add; fine for a personal collection, linear for a large one.',
        suggestion: 'Keep a Map from url to id beside the list if collections grow to many thousands.',
      },
    ],
  },
  T3: {
    verdict: 'approve',
    summary: 'The routes, status codes and error bodies match the API spec; bodies are bounded and parsed before validation; stop() closes idle connections so the smoke script exits at once. The route tests run every status code against a real server on port 0.',
    comments: [
      {
        file: 'src/server.ts',
        line: bookmarksLineOf('src/server.ts', "if (!res.headersSent) sendError(res, 500, 'internal error');"),
        severity: 'minor',
        comment: 'An unexpected error is logged with console.error and nothing else; an operator has no request id to match the log line to the client\'s 500.',
        suggestion: 'Add a request id header and print it with the error.',
      },
    ],
  },
};
