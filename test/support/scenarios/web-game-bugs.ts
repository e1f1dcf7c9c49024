import type { CodeChange, CodeFix } from '../../../src/documents/index.js';
import { webGameFile, webGameTasks } from './web-game-tasks.js';
import { replyWith, type ScenarioOverride } from './scripted-scenario.js';

/**
 * Variants of the web-game scenario where the engineer of T2 forgets a diagonal: WINNING_LINES
 * has seven lines, so three marks from the top right to the bottom left do not win and the round
 * goes on. The engineers' tests and QA's acceptance tests both catch it. Each export is a set of
 * responder overrides for `scenarioResponder(webGameScenario, overrides)`.
 */
export const WEB_GAME_RULES = 'src/game.js';
const CORRECT_LINE = '    [0, 4, 8], [2, 4, 6],';
const BUGGY_LINE = '    [0, 4, 8],';

const correctRules = webGameFile(WEB_GAME_RULES);
if (!correctRules.includes(`${CORRECT_LINE}\n`)) throw new Error(`${WEB_GAME_RULES} no longer contains the line the buggy scenario breaks: update web-game-bugs.ts`);
export const diagonalBuggyRules = correctRules.replace(`${CORRECT_LINE}\n`, `${BUGGY_LINE}\n`);

const t2 = webGameTasks.T2!;
const buggyT2: CodeChange = { ...t2, files: t2.files.map((file) => (file.path === WEB_GAME_RULES ? { ...file, content: diagonalBuggyRules } : file)) };

/** The edit that repairs the bug, exactly as a fix round answers it. */
export const diagonalRepairEdit = { path: WEB_GAME_RULES, search: BUGGY_LINE, replace: CORRECT_LINE };

/** T2 leaves out the diagonal; nothing else changes. */
export const diagonalBuggyEngineer: Record<string, ScenarioOverride> = { T2: replyWith(buggyT2) };

/** …and the first fix round puts it back with one exact edit. */
export const diagonalFixingEngineer: Record<string, ScenarioOverride> = {
  ...diagonalBuggyEngineer,
  'fix:1': replyWith({
    cause: `${WEB_GAME_RULES}: WINNING_LINES lists seven lines; the diagonal from the top right, [2, 4, 6], is missing, so findWin never sees X on squares 2, 4 and 6 and the round goes on. The test for that diagonal, the eight-lines count and the acceptance test of the winning-line story fail on it.`,
    edits: [diagonalRepairEdit],
    files: [],
    notes: 'One line restored in WINNING_LINES; the comment above it already promised two diagonals. No test changed.',
  } satisfies CodeFix),
};

/**
 * A variant only a browser sees: T3's entry module imports the UI from ./board.js, a name it
 * never wrote. node --check and every test pass (no test imports src/main.js); the page opened in
 * Chromium asks for src/board.js and fails QA's browser smoke run.
 */
export const WEB_GAME_ENTRY = 'src/main.js';
const UI_IMPORT = "import { mountGame } from './ui.js';";
const MISSING_MODULE_IMPORT = "import { mountGame } from './board.js';";

const correctEntry = webGameFile(WEB_GAME_ENTRY);
if (!correctEntry.includes(`${UI_IMPORT}\n`)) throw new Error(`${WEB_GAME_ENTRY} no longer contains the import the broken-page scenario breaks: update web-game-bugs.ts`);
export const missingModuleEntry = correctEntry.replace(UI_IMPORT, MISSING_MODULE_IMPORT);

const t3 = webGameTasks.T3!;
const brokenT3: CodeChange = { ...t3, files: t3.files.map((file) => (file.path === WEB_GAME_ENTRY ? { ...file, content: missingModuleEntry } : file)) };

/** The edit that points the import back at the UI module. */
export const missingModuleRepairEdit = { path: WEB_GAME_ENTRY, search: MISSING_MODULE_IMPORT, replace: UI_IMPORT };

/** T3's page imports a module that does not exist, and the first fix round points it at ./ui.js. */
export const missingModuleFixingEngineer: Record<string, ScenarioOverride> = {
  T3: replyWith(brokenT3),
  'fix:1': replyWith({
    cause: `${WEB_GAME_ENTRY} imports mountGame from ./board.js, a module the project does not have: mountGame lives in src/ui.js. The page's module graph fails to load, so nothing is rendered (no status, no squares); the tests never import the entry module, which is why they pass.`,
    edits: [missingModuleRepairEdit],
    files: [],
    notes: 'One import fixed in the entry module; no other file changed.',
  } satisfies CodeFix),
};
