import type { ApiSpec, InterfaceEntry, Prd, SystemDesign, TaskPlan } from '../../../src/documents/index.js';

/** The idea the scenario answers; the end-to-end test starts a run with exactly this. */
export const WEB_GAME_IDEA =
  'A two-player tic-tac-toe game in the browser in plain HTML, CSS and JavaScript with no dependencies: whose turn it is, the winning line highlighted, a score board kept between visits, playable by keyboard, logic tested with node --test';

export const webGamePrd: Prd = {
  project_name: 'tic_tac_toe',
  original_requirements: WEB_GAME_IDEA,
  product_goals: [
    'Let two people play tic-tac-toe on one screen with nothing to install: open the page and play',
    'Make the state of a round obvious: whose turn it is, who won and with which line, or a draw',
    'Keep a score board between visits without an account or a server',
    'Be fully playable with the keyboard alone and with a screen reader',
    'Stay small and dependable: plain HTML, CSS and JavaScript modules, no build step, rules tested without a browser',
  ],
  user_stories: [
    'As two players sharing one screen, I want to take turns placing X and O and always see whose turn it is, so that we never argue about who moves next',
    'As a player, I want the winner announced with the winning line highlighted, or a draw announced when the board is full, so that the result of a round is clear at a glance',
    'As a returning player, I want the score board of wins and draws kept between visits, and a way to reset it, so that a rivalry can last longer than one evening',
    'As a keyboard or screen-reader user, I want to play with the keyboard alone and hear the status and each square described, so that I can play without a mouse or without seeing the board',
    'As a player whose browser blocks or breaks saved data, I want the game to work anyway with a fresh score board, so that a storage problem never stops a game',
  ],
  competitive_analysis: [
    { name: 'Paper and pencil', summary: 'Always at hand and social, but nobody keeps the score and the grid has to be drawn again every round.', reach: 0.9, engagement: 0.4 },
    { name: 'Search-engine tic-tac-toe', summary: 'One search away and polished; plays mostly against the computer, keeps no score and needs the network.', reach: 0.8, engagement: 0.3 },
    { name: 'Board-game apps', summary: 'Many games, online opponents and ratings; an install, an account and adverts for a thirty-second game.', reach: 0.5, engagement: 0.7 },
    { name: 'Tutorial demo pages', summary: 'Small and free, but rarely usable by keyboard or screen reader and they forget everything on reload.', reach: 0.3, engagement: 0.2 },
  ],
  quadrant_chart: {
    title: 'Reach and engagement of ways to play tic-tac-toe',
    x_axis: { low: 'Low reach', high: 'High reach' },
    y_axis: { low: 'Low engagement', high: 'High engagement' },
    quadrants: ['Leaders', 'Niche favourites', 'Overlooked', 'Widely used, shallow'],
  },
  requirement_analysis:
    'A static page for two players at one device, with no server and no network once it is loaded. The rules are pure functions over an immutable game value, so they are tested with node --test without a browser; the page module only reads events and renders. The score board (wins for X, wins for O, draws) is the only stored state, kept in localStorage under one versioned key; storage that is missing, blocked or full, or a stored value that cannot be read, must never stop a round: the game falls back to a score board kept in memory for the visit and says so. Accessibility is part of the product: every square is a button with a spoken label, the status line is an aria-live region, arrow keys move between squares and colour is never the only sign of the winning line. Out of scope: playing against the computer, online play, board sizes other than 3 by 3, and undo.',
  requirement_pool: [
    { id: 'R1', requirement: 'A 3 by 3 board of squares; X starts the first round, the players alternate, and the starter alternates from round to round.', priority: 'P0' },
    { id: 'R2', requirement: 'The status line says `X to move` / `O to move`, `<mark> wins on <line>!` or `Draw: the board is full.`; a taken square or a move after the end is refused with a message.', priority: 'P0' },
    { id: 'R3', requirement: 'All eight winning lines (three rows, three columns, two diagonals) end the round; the winning squares are highlighted by more than colour.', priority: 'P0' },
    { id: 'R4', requirement: 'A score board of X wins, O wins and draws, saved in localStorage after every finished round and shown on load; a Reset scores button sets it to zero.', priority: 'P0' },
    { id: 'R5', requirement: 'Missing, blocked or full storage and a corrupt stored value fall back to an in-memory score board, with a note that scores are kept for this visit only.', priority: 'P0' },
    { id: 'R6', requirement: 'Keyboard: every square and button reachable with Tab, arrow keys move between squares, Enter or Space plays; visible focus; each square labelled "Row r, column c: X|O|empty".', priority: 'P0' },
    { id: 'R7', requirement: 'Plain HTML, CSS and ES modules served as static files: no dependencies, no build step, no remote asset; nothing is thrown on load.', priority: 'P0' },
    { id: 'R8', requirement: 'The rules and the storage are tested with `node --test` in well under a second, without a browser.', priority: 'P1' },
  ],
  ui_design_draft:
    'One centred column:\n\n```\n        Tic-tac-toe\n        X to move            <- status, announced as it changes\n      +---+---+---+\n      | X |   | O |\n      +---+---+---+\n      |   | X |   |          <- nine square buttons; arrows move, Enter plays\n      +---+---+---+\n      | O |   |   |\n      +---+---+---+\n        [ New game ]\n        Score board\n   X wins   O wins   Draws\n     2        1        1\n       [ Reset scores ]\n```\n\nThe winning squares get a yellow fill, a thick dark border and an underlined mark. When storage is unavailable a short note under the score board says the scores are kept for this visit only.',
  open_questions: ['Should a later version offer a one-player mode against a simple computer opponent?'],
};

const FILE_LIST = ['package.json', 'README.md', 'src/game.js', 'test/game.test.js', 'src/storage.js', 'test/storage.test.js', 'index.html', 'styles.css', 'src/ui.js', 'src/main.js'];

/**
 * The commands the pipeline runs. No `run`: a static page has no program to start, so QA's
 * browser smoke run opens index.html in Chromium; serving the folder for a person is in the README.
 */
export const WEB_GAME_COMMANDS = { test: 'node --test' };

export const webGameSystemDesign: SystemDesign = {
  implementation_approach:
    'A static page with no build step: index.html loads styles.css and one ES module, src/main.js, with `<script type="module" src="./src/main.js">`. src/game.js holds the rules as pure functions over a frozen game value ({ squares, first, next, winner, line, draw }): play returns the next game or throws GameError with a stable code, and the status text, square labels and arrow-key moves are computed there too, so node --test covers everything but the DOM. src/storage.js loads and saves the score board as JSON under one localStorage key through an injected Storage-like object, falling back to memory when storage is missing, throws or holds something unreadable. src/ui.js builds the nine square buttons and re-renders the status, board and score board from the state after every event, with textContent only; src/main.js is the two-line entry point that hands it the document and the browser storage. Squares stay focusable after they are taken (aria-disabled, not disabled) so keyboard focus never jumps away.',
  language: 'JavaScript',
  runtime: { name: 'Evergreen browsers (ES2020 modules); Node.js 20 for the tests', frameworks: ['node:test'] },
  file_list: FILE_LIST,
  data_structures: [
    {
      name: 'Game',
      kind: 'type',
      attributes: [
        { name: 'squares', type: "readonly ('X' | 'O' | null)[] (9, row by row)" },
        { name: 'first', type: "'X' | 'O'" },
        { name: 'next', type: "'X' | 'O'" },
        { name: 'winner', type: "'X' | 'O' | null" },
        { name: 'line', type: 'readonly number[] | null' },
        { name: 'draw', type: 'boolean' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'GameError',
      kind: 'class',
      attributes: [{ name: 'code', type: "'SQUARE_TAKEN' | 'GAME_OVER' | 'NO_SUCH_SQUARE' | 'UNKNOWN_PLAYER'" }],
      methods: [],
      relations: [{ to: 'Error', kind: 'inherits' }],
    },
    {
      name: 'Scores',
      kind: 'type',
      attributes: [
        { name: 'X', type: 'number' },
        { name: 'O', type: 'number' },
        { name: 'draws', type: 'number' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'ScoreStore',
      kind: 'interface',
      attributes: [{ name: 'persistent', type: 'boolean (read-only)' }],
      methods: [
        { name: 'load', params: '', returns: 'Scores' },
        { name: 'save', params: 'scores: Scores', returns: 'void' },
        { name: 'reset', params: '', returns: 'void' },
      ],
      relations: [{ to: 'Scores', kind: 'contains' }],
    },
  ],
  call_flow: [
    { from: 'Browser', to: 'main.js', message: 'load index.html, import ./src/main.js' },
    { from: 'main.js', to: 'storage.js', message: 'createScoreStore(browserStorage())', returns: 'ScoreStore' },
    { from: 'main.js', to: 'ui.js', message: 'mountGame(document, store)' },
    { from: 'ui.js', to: 'ScoreStore', message: 'load()', returns: '{ X: 2, O: 1, draws: 0 }' },
    { from: 'Player', to: 'ui.js', message: 'click, Enter or Space on square 4' },
    { from: 'ui.js', to: 'game.js', message: 'play(game, 4)', returns: 'the next Game' },
    { from: 'ui.js', to: 'game.js', message: 'statusText(game), squareLabel(game, i)', returns: '"O to move"' },
    { from: 'ui.js', to: 'ScoreStore', message: 'save(recordResult(scores, game)) when the round is over' },
    { from: 'ui.js', to: 'Player', message: 'status (aria-live), squares and score board re-rendered' },
  ],
  commands: WEB_GAME_COMMANDS,
  open_questions: [],
};

const entry = (name: string, kind: InterfaceEntry['kind'], signature: string, description: string, examples: string[]): InterfaceEntry => ({ name, kind, signature, description, examples });

export const webGameApiSpec: ApiSpec = {
  style: 'interface',
  summary:
    'The page for players (index.html and the element ids the script renders into) and the modules behind it: src/game.js, the rules as pure functions; src/storage.js, the score board in localStorage with an in-memory fallback; src/ui.js, the DOM layer. Refused moves are GameError with a code and a message the page shows in its status line.',
  interface: {
    entries: [
      entry(
        'index.html',
        'module',
        'index.html: h1, #status (role="status", aria-live="polite"), #board, #new-game, #score-x, #score-o, #score-draws, #reset-scores, #storage-note (hidden unless storage is unavailable)',
        'The page. Loads ./styles.css and <script type="module" src="./src/main.js">; every asset is a local file. On first load the status reads "X to move", the board shows nine empty squares and the score board the saved counts (0 0 0 on a first visit).',
        ['python3 -m http.server 8000 --bind 127.0.0.1  # then open http://127.0.0.1:8000/'],
      ),
      entry('square buttons', 'event', '#board > button.square[data-square="0".."8"]: click | keydown Enter, Space, ArrowUp, ArrowDown, ArrowLeft, ArrowRight', 'A click, Enter or Space plays the square; an arrow key moves the focus to the next square, wrapping at the edges. A taken square or a finished round shows the GameError message in the status instead.', ['ArrowRight from square 2 focuses square 0']),
      entry('ELEMENT_IDS', 'module', 'src/ui.js: export const ELEMENT_IDS: { status, board, scoreX, scoreO, draws, newGame, resetScores, storageNote }', 'The ids above, by what they hold; mountGame looks each one up.', ['ELEMENT_IDS.scoreX  // "score-x"']),
      entry('mountGame', 'function', 'mountGame(doc: Document, store: ScoreStore): void', 'Builds the nine square buttons inside #board, wires the events and renders. Throws an Error naming the id when index.html lacks one of ELEMENT_IDS.', ['mountGame(document, createScoreStore(browserStorage()))']),
      entry('newGame / nextRound', 'function', "newGame(first: 'X' | 'O' = 'X'): Game; nextRound(game: Game): Game", 'A frozen empty game with `first` to move (GameError UNKNOWN_PLAYER otherwise); nextRound starts the next one with the other player first.', ["nextRound(newGame()).next  // 'O'"]),
      entry('play', 'function', 'play(game: Game, square: number): Game', 'The next game after the player to move marks square 0–8, with winner, line and draw filled in; the given game is unchanged. GameError NO_SUCH_SQUARE, GAME_OVER ("The round is over: press New game to play again.") or SQUARE_TAKEN ("That square is taken: choose an empty one.").', ["play(newGame(), 4).squares[4]  // 'X'"]),
      entry('findWin / isOver', 'function', "findWin(squares): { player: 'X' | 'O', line: number[] } | null; isOver(game: Game): boolean", 'The first complete line of WINNING_LINES, or null; whether the round has a winner or is a draw.', ["findWin(['X','X','X',null,null,null,null,null,null])  // { player: 'X', line: [0, 1, 2] }"]),
      entry('WINNING_LINES / PLAYERS', 'module', 'WINNING_LINES: readonly number[][] (8); PLAYERS: readonly ["X", "O"]', 'The three rows, three columns and two diagonals, squares numbered row by row from the top left.', ['WINNING_LINES.length  // 8']),
      entry('statusText / describeLine', 'function', 'statusText(game: Game): string; describeLine(line: number[]): string', '"X to move", "X wins on the top row!", "Draw: the board is full."; lines are named "the top row" … "the diagonal from the top right".', ["describeLine([2, 4, 6])  // 'the diagonal from the top right'"]),
      entry('squareLabel', 'function', 'squareLabel(game: Game, square: number): string', 'The spoken label of a square: "Row r, column c: X", "…: empty", with ", winning line" for the squares of the winning line.', ["squareLabel(newGame(), 5)  // 'Row 2, column 3: empty'"]),
      entry('moveFocus', 'function', 'moveFocus(square: number, key: string): number', 'The square an arrow key moves to, wrapping within the row or column; any other key returns the square itself.', ["moveFocus(0, 'ArrowUp')  // 6"]),
      entry('otherPlayer / recordResult', 'function', "otherPlayer(player: 'X' | 'O'): 'X' | 'O'; recordResult(scores: Scores, game: Game): Scores", 'recordResult adds one to the winner or to draws for a finished round and returns the same scores for an unfinished one.', ['recordResult({ X: 0, O: 0, draws: 0 }, wonByX)  // { X: 1, O: 0, draws: 0 }']),
      entry('GameError', 'class', "class GameError extends Error { code: 'SQUARE_TAKEN' | 'GAME_OVER' | 'NO_SUCH_SQUARE' | 'UNKNOWN_PLAYER' }", 'A move the rules refuse; the message is written for the player and shown in the status line.', ["catch (error) { if (error instanceof GameError) status.textContent = error.message; }"]),
      entry('SCORES_KEY / EMPTY_SCORES / parseScores', 'function', "SCORES_KEY = 'tic-tac-toe.scores.v1'; EMPTY_SCORES: Scores; parseScores(text: string | null): Scores", 'parseScores reads the stored JSON; a missing value, bad JSON, a missing, negative or fractional count gives a copy of EMPTY_SCORES.', ['parseScores(\'{"X":3,"O":1,"draws":2}\')  // { X: 3, O: 1, draws: 2 }']),
      entry('browserStorage', 'function', 'browserStorage(scope = globalThis): Storage | null', 'scope.localStorage, or null when there is none or reading it throws (storage disabled, a sandboxed frame).', ['browserStorage({})  // null']),
      entry('createScoreStore', 'function', 'createScoreStore(storage: Storage | null): ScoreStore', 'load() reads the board under SCORES_KEY, save(scores) writes it, reset() saves EMPTY_SCORES. Without storage, or once a read or write throws, the board lives in memory and persistent is false.', ['const store = createScoreStore(null); store.save({ X: 1, O: 0, draws: 0 }); store.load()  // { X: 1, O: 0, draws: 0 }']),
    ],
  },
};

export const webGameTaskPlan: TaskPlan = {
  required_packages: [],
  tasks: [
    {
      id: 'T1',
      title: 'Create the package manifest and the README',
      files: ['package.json', 'README.md'],
      description:
        'package.json: name "tic-tac-toe", "type": "module", private, scripts.test "node --test", engines node >=20, no dependencies of any kind. README.md: how to serve the folder (`python3 -m http.server 8000 --bind 127.0.0.1`, since modules do not load from file://), how to play with mouse and keyboard, the score board and its localStorage key, the files, and how to run the tests.',
      dependencies: [],
      priority: 'P0',
    },
    {
      id: 'T2',
      title: 'Implement the game rules and the score-board storage, with their tests',
      files: ['src/game.js', 'test/game.test.js', 'src/storage.js', 'test/storage.test.js'],
      description:
        'src/game.js exports PLAYERS, WINNING_LINES (all eight lines), GameError, otherPlayer, newGame, findWin, isOver, play, nextRound, describeLine, statusText, squareLabel, moveFocus and recordResult exactly as in the API spec; games are frozen and never changed in place. src/storage.js exports SCORES_KEY, EMPTY_SCORES, parseScores, browserStorage and createScoreStore; it never touches a global other than through browserStorage(scope = globalThis). Tests with node:test and node:assert/strict: every winning line, a draw, turns, refused moves with their codes, the next round, arrow keys with wrapping, recordResult; storage with a fake Storage object (a Map), corrupt values, missing storage and storage that throws on read or write.',
      dependencies: ['T1'],
      priority: 'P0',
      type: 'backend',
    },
    {
      id: 'T3',
      title: 'Build the page: HTML, styles and the UI module',
      files: ['index.html', 'styles.css', 'src/ui.js', 'src/main.js'],
      description:
        'index.html: one h1, #status as role="status" aria-live="polite", #board (role="group" with a label), #new-game, the score board as a dl with #score-x, #score-o and #score-draws, #reset-scores and #storage-note (hidden), <link rel="stylesheet" href="./styles.css"> and <script type="module" src="./src/main.js">; no inline handlers, no remote asset. styles.css: a 3 by 3 grid of large squares, visible focus, the winning squares marked by fill, border and underline. src/ui.js exports ELEMENT_IDS and mountGame(doc, store): nine button.square[data-square] built with createElement, textContent only, aria-label from squareLabel, aria-disabled rather than disabled, status from statusText or the GameError message, scores saved after a finished round, New game = nextRound, Reset scores = store.reset(). src/main.js calls mountGame with the document and createScoreStore(browserStorage()).',
      dependencies: ['T2'],
      priority: 'P0',
      type: 'frontend',
    },
  ],
  shared_knowledge:
    'Plain ES modules with relative imports ending in .js; no dependencies, no bundler, no framework, no remote asset. Squares are numbered 0 to 8 row by row from the top left; marks are the strings "X" and "O", an empty square is null. Only src/main.js and browserStorage reach browser globals; everything else takes what it needs as arguments, so node --test imports src/game.js, src/storage.js and src/ui.js without a browser. User text goes into the page with textContent, never innerHTML. Messages the player reads are written in game.js and shown as they are.',
};
