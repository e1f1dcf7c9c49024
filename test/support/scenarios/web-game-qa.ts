import { readFileSync } from 'node:fs';
import type { Review, TestSuite } from '../../../src/documents/index.js';
import { webGamePrd } from './web-game-design.js';
import { webGameLineOf } from './web-game-tasks.js';

const ACCEPTANCE_PATH = 'test/acceptance.test.js';
const acceptance = readFileSync(new URL(`./web-game-qa/${ACCEPTANCE_PATH}`, import.meta.url), 'utf8');

/** The test names of the acceptance file, in order: one per user story. */
export const webGameAcceptanceTests = [...acceptance.matchAll(/^test\('([^']+)'/gm)].map((match) => match[1]!);

/** QA's answer: a plan that maps each user story to its acceptance test, and the test file. */
export const webGameTestSuite: TestSuite = {
  plan: {
    approach:
      'Each user story is tested through the pure modules the page is built on, the way the page uses them: rounds are played with play() from newGame(), the status and the square labels are read with statusText() and squareLabel(), and a visit to the page is a createScoreStore() on a Storage stand-in, loaded, recorded into with recordResult() and saved, so two stores on one stand-in are two visits. The keyboard story also reads index.html for the module entry, the aria-live status and every id in ELEMENT_IDS. What needs a real browser (focus, rendering, clicks) is left to the browser smoke run.',
    cases: webGameAcceptanceTests.map((test, index) => ({ user_story: webGamePrd.user_stories[index] ?? '', test, file: ACCEPTANCE_PATH })),
  },
  files: [{ path: ACCEPTANCE_PATH, content: acceptance }],
  notes: 'node:test and node:assert/strict only; no browser, no network, no file written. Storage is a Map behind getItem/setItem, or one that throws on every call as a browser with storage disabled does.',
};

/** The code reviewer's verdict on each task as it is done: every one approved, with the minor points it noticed. */
export const webGameTaskReviews: Record<string, Review> = {
  T1: {
    verdict: 'approve',
    summary: 'package.json is an ES module package with `node --test` and no dependencies of any kind; the README explains why the folder must be served, how to play by mouse and keyboard, where the score board is kept and how to run the tests.',
    comments: [],
  },
  T2: {
    verdict: 'approve',
    summary: 'The rules follow the API spec name for name: frozen games, play returning the next one, GameError codes with messages for the player. The storage is injected and falls back to memory on every failure the task lists. The tests cover each winning line, draws, refused moves, arrow keys and a fake storage that throws.',
    comments: [
      {
        file: 'src/storage.js',
        line: webGameLineOf('src/storage.js', 'return [X, O, draws].every(isCount)'),
        severity: 'minor',
        comment: 'One bad count discards the whole board: a stored {"X":4,"O":2,"draws":-1} loads as 0 0 0, and the next save overwrites the two good counts.',
        suggestion: 'Keep each count that is valid and reset only the bad one, or leave it as it is and say so in the README.',
      },
    ],
  },
  T3: {
    verdict: 'approve',
    summary: 'The page matches the design: the ids, the aria-live status, buttons built with createElement and filled with textContent, aria-disabled so the focus stays put, and a winning line marked by fill, border and underline. main.js is the only module that reaches the document.',
    comments: [
      {
        file: 'src/ui.js',
        line: webGameLineOf('src/ui.js', 'elements.status.textContent = message || statusText(game);'),
        severity: 'minor',
        comment: 'After a refused move the message replaces the turn in the status line, so "That square is taken" is announced but not whose turn it still is.',
        suggestion: 'Show both: `${message} ${statusText(game)}`.',
      },
    ],
  },
};
