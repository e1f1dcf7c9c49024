import type { DeploymentGuide, Review, UserDocs } from '../../../src/documents/index.js';
import { webGameLineOf } from './web-game-tasks.js';

export const webGameReview: Review = {
  verdict: 'approve',
  summary:
    'A small, readable page that does what the design says: the rules are pure functions over frozen games and tested without a browser, the storage is injected and never lets a blocked or corrupt localStorage stop a round, and the UI module renders everything from state with textContent. The page is keyboard-playable, labels every square and announces the status; every asset is local and nothing is thrown on load. Two minor points below; neither blocks shipping.',
  comments: [
    {
      file: 'src/storage.js',
      line: webGameLineOf('src/storage.js', 'storage.setItem(SCORES_KEY, JSON.stringify(memory));'),
      severity: 'minor',
      comment: 'Two tabs of the game each keep their own copy of the board and save it whole, so the last round finished in one tab overwrites the rounds counted in the other.',
      suggestion: "Listen for the window's `storage` event in ui.js and reload the board when SCORES_KEY changes, or re-read the board just before saving.",
    },
    {
      file: 'src/ui.js',
      line: webGameLineOf('src/ui.js', 'elements.status.textContent = message || statusText(game);'),
      severity: 'minor',
      comment: 'A refused move replaces the turn in the status line until the next action, so a screen-reader user hears what went wrong but not whose turn it still is.',
      suggestion: 'Announce both, message first: `${message} ${statusText(game)}`.',
    },
  ],
};

export const webGameDeploymentGuide: DeploymentGuide = {
  overview:
    'The game is a static site: index.html, styles.css and the src/ modules, with no build step, no dependencies and no server-side code. It is deployed by copying the folder to any static file host (a web server, GitHub Pages, an object-storage bucket) that serves .js files as JavaScript. The score board lives in each player\'s browser, so there is no database.',
  prerequisites: ['Any static file server or host that serves `.js` with a JavaScript MIME type', 'Node.js 20 or newer, only to run the tests', 'git, to fetch the source'],
  environment_variables: [],
  steps: [
    { title: 'Fetch the source', commands: ['git clone <repository-url> tic-tac-toe', 'cd tic-tac-toe'] },
    { title: 'Run the tests', commands: ['node --test'], notes: 'All tests must pass; they need no browser, no network and no install.' },
    {
      title: 'Try it locally',
      commands: ['python3 -m http.server 8000 --bind 127.0.0.1'],
      notes: 'Open http://127.0.0.1:8000/. Browsers refuse module scripts on file:// pages, so double-clicking index.html shows the page without a board.',
    },
    {
      title: 'Publish the files',
      commands: ['rsync -av --delete index.html styles.css src <user>@<host>:/var/www/tic-tac-toe/'],
      notes: 'Only index.html, styles.css and src/ are needed; test/, package.json and README.md are not served. Any path works: every reference in the page is relative.',
    },
  ],
  verification:
    'Open the published address: the page shows "Tic-tac-toe", the status "X to move", nine empty squares and the score board 0 0 0, and the browser console shows no error. Play X on the top row: the status reads "X wins on the top row!" and X wins shows 1, and still 1 after a reload.',
  troubleshooting: [
    { problem: 'The page shows the title and the score board but no squares', solution: 'The module did not load. Serve the folder over http(s) instead of opening the file, and check that the server sends src/*.js as text/javascript.' },
    { problem: 'The note "Scores are kept for this visit only" appears', solution: 'The browser blocks site storage (private mode or a privacy setting). The game still works; allow storage for the site to keep the scores.' },
    { problem: 'The scores reset to 0 after a reload', solution: 'The stored value could not be read (it was edited or written by another version) and was replaced by a fresh board; nothing else is affected.' },
  ],
};

export const webGameUserDocs: UserDocs = {
  title: 'Tic-tac-toe: two players, one screen',
  overview:
    'A game of tic-tac-toe for two people at one computer. X and O take turns to mark a square of a 3 by 3 board; the first to get three in a row, in a column or on a diagonal wins, and a full board without a line is a draw. The page keeps the score for you between visits.',
  installation:
    'Nothing to install. Open the address where the game is published. To run it from a copy of the files, serve the folder and open the address:\n\n```sh\npython3 -m http.server 8000 --bind 127.0.0.1\n```\n\nthen visit http://127.0.0.1:8000/.',
  usage: [
    {
      title: 'Play a round',
      description: 'The line under the title says whose turn it is ("X to move"). Click an empty square to place your mark. X starts the first round; after that the player who did not start the last round begins.',
      commands: [],
    },
    {
      title: 'See who won',
      description: 'When a player completes a line the status names it ("X wins on the diagonal from the top right!") and the three squares are highlighted with a yellow fill, a thick border and an underlined mark. A full board without a line is announced as a draw. Press New game to play the next round.',
      commands: [],
    },
    {
      title: 'Play with the keyboard or a screen reader',
      description: 'Press Tab to reach the board, move between squares with the arrow keys (they wrap round at the edges) and press Enter or Space to place your mark. Each square is read out as "Row 2, column 3: empty", and the status line is announced whenever it changes.',
      commands: [],
    },
    {
      title: 'Keep or reset the score',
      description: 'The score board counts X wins, O wins and draws, and is saved in your browser after every round, so it is still there next time. Press Reset scores to start again from zero.',
      commands: [],
    },
  ],
  configuration: 'There is nothing to configure. The score board is stored in your browser under the name `tic-tac-toe.scores.v1`; clearing the site data for the page removes it.',
  faq: [
    { question: 'Can I play against the computer?', answer: 'Not yet: the game is for two people sharing one screen.' },
    { question: 'Why does the page say the scores are kept for this visit only?', answer: 'Your browser does not let the page save data (for example in a private window). You can still play; the score board is forgotten when you close the page.' },
    { question: 'Is any of my data sent anywhere?', answer: 'No. The page loads its own files and nothing else, and the score board stays in your browser.' },
  ],
};
