import { readFileSync } from 'node:fs';
import type { CodeChange } from '../../../src/documents/index.js';
import { webGameSystemDesign, webGameTaskPlan } from './web-game-design.js';

// The generated project is kept as real files beside this module, so it is linted and can be
// opened in a browser and tested as it is (web-game.test.ts runs its tests); the answers are built from it.
const PROJECT_ROOT = new URL('./web-game-project/', import.meta.url);

/** Every file of the project the scenario's engineers write, by path relative to the project root. */
export const webGameProjectFiles: Readonly<Record<string, string>> = Object.fromEntries(
  webGameSystemDesign.file_list.map((path) => [path, readFileSync(new URL(path, PROJECT_ROOT), 'utf8')]),
);

/** The content of one project file; throws naming the file when the scenario does not have it. */
export function webGameFile(path: string): string {
  const content = webGameProjectFiles[path];
  if (content === undefined) throw new Error(`the web-game scenario has no file "${path}": add it to system_design.file_list`);
  return content;
}

/** The 1-based line of the first line of `file` containing `snippet`, so review comments point at real lines. */
export function webGameLineOf(file: string, snippet: string): number {
  const index = webGameFile(file)
    .split('\n')
    .findIndex((line) => line.includes(snippet));
  if (index === -1) throw new Error(`"${snippet}" is not in ${file}: update the review comment that points at it`);
  return index + 1;
}

const NOTES: Record<string, string> = {
  T1: 'No dependencies, so there is nothing to install; `node --test` finds test/*.test.js on its own. The README says to serve the folder over http because browsers refuse module scripts on file:// pages.',
  T2: 'Games are frozen values and play returns a new one, so the UI re-renders from state and the tests compare plain values. Refused moves are GameError with a code and a message written for the player. Storage is injected: createScoreStore takes any object with getItem/setItem, and a read or write that throws turns persistent off instead of failing the round.',
  T3: 'The squares are buttons built by ui.js, so Tab, Enter and Space work natively; taken squares are aria-disabled rather than disabled, which would drop the keyboard focus. Everything is rendered with textContent. The page links a data: favicon so the browser asks the server for nothing but the project files.',
};

/** The engineers' answers, one code change per task of the plan, each writing exactly the files its task owns. */
export const webGameTasks: Record<string, CodeChange> = Object.fromEntries(
  webGameTaskPlan.tasks.map((task) => [task.id, { files: task.files.map((path) => ({ path, content: webGameFile(path) })), notes: NOTES[task.id] ?? '' }]),
);
