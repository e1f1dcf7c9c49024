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
