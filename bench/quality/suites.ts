/** One idea of a suite: what `atelier run --idea` gets, and how the results table labels it. */
export interface BenchIdea {
  /** Stable and unique in its suite: it names the idea's project folder, so a rerun finds it. */
  id: string;
  idea: string;
  /** SRDD's five areas for our own ideas; MetaGPT's tasks say none. */
  area?: 'education' | 'work' | 'life' | 'game' | 'creation';
  /** The stack the idea asks for, when it asks for one. */
  stack?: 'js-cli' | 'py-cli' | 'ts-http' | 'web';
  /** Where the idea comes from, when it is not ours. */
  source?: string;
}

export const SUITE_NAMES = ['atelier', 'metagpt'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

/**
 * Twenty ideas written for this benchmark: four in each of SRDD's areas (ChatDev's Software
 * Requirement Description Dataset: education, work, life, game, creation), one per stack. Each
 * names its language, its test runner and how its data is kept, so that QA can test it offline
 * and two runs of the suite build comparable projects.
 */
export const ATELIER_SUITE: readonly BenchIdea[] = [
  {
    id: 'edu-flashcards',
    area: 'education',
    stack: 'js-cli',
    idea: 'A command-line flashcard drill in JavaScript (Node, no dependencies): add cards with a question and an answer, quiz me on them in random order, record right and wrong answers per card in a JSON file, and list the cards I miss most; tests with node --test.',
  },
  {
    id: 'edu-vocabulary',
    area: 'education',
    stack: 'py-cli',
    idea: 'A Python command-line vocabulary trainer: import word pairs from a CSV file, quiz in either direction, move each word between five Leitner boxes by my answers, and save progress to a JSON file; argparse, a pyproject.toml, no third-party runtime packages, tests with pytest.',
  },
  {
    id: 'edu-quiz-service',
    area: 'education',
    stack: 'ts-http',
    idea: "A TypeScript HTTP service for classroom quizzes on Node's built-in http module: a teacher creates a quiz of multiple-choice questions, students submit answers, the service scores each submission and returns per-question results and the class average; JSON bodies, 400 with a message for invalid input, data kept in a JSON file; tests that start the server on a free port.",
  },
  {
    id: 'edu-times-tables',
    area: 'education',
    stack: 'web',
    idea: 'A browser page for practising times tables in plain HTML, CSS and JavaScript (no framework, no build step): pick a table from 1 to 12, answer ten random questions, then see the score and each mistake with its right answer; the question and scoring logic in an ES module tested with node --test.',
  },
  {
    id: 'work-timesheet',
    area: 'work',
    stack: 'js-cli',
    idea: 'A JavaScript command-line timesheet (Node, no dependencies): start and stop a timer for a named project, add a manual entry with a duration, and print a weekly report of hours per project and per day; entries saved to a JSON file; tests with node --test.',
  },
  {
    id: 'work-invoices',
    area: 'work',
    stack: 'py-cli',
    idea: 'A Python command-line invoice tool: keep clients and line items in a JSON file, compute subtotals, a tax rate and totals in exact decimal money (never floats), number invoices in sequence, and write each invoice as a Markdown file; argparse, a pyproject.toml, tests with pytest.',
  },
  {
    id: 'work-kanban-api',
    area: 'work',
    stack: 'ts-http',
    idea: "A TypeScript REST API for a small kanban board on Node's built-in http module: boards, columns and cards, with create, rename, move a card between columns and delete; 404 for unknown ids and 400 with a message for invalid input; stored in a JSON file; tests that start the server on a free port.",
  },
  {
    id: 'work-meeting-cost',
    area: 'work',
    stack: 'web',
    idea: 'A browser meeting-cost calculator in plain HTML, CSS and JavaScript: enter the attendees with their hourly rates, start and pause a timer, and watch the running cost of the meeting; the cost arithmetic in an ES module tested with node --test, and the last meeting kept in localStorage.',
  },
  {
    id: 'life-habits',
    area: 'life',
    stack: 'js-cli',
    idea: 'A JavaScript command-line habit tracker (Node, no dependencies): add daily habits, check one off for today or a given date, and show each habit with its current and longest streak and the last 14 days as a row of marks; saved to a JSON file; tests with node --test.',
  },
  {
    id: 'life-budget',
    area: 'life',
    stack: 'py-cli',
    idea: 'A Python command-line monthly budget: set an amount per category, record expenses from the command line or a CSV file, and report what is left in each category and overall for a month, in exact decimal money; data in a CSV file; argparse, a pyproject.toml, tests with pytest.',
  },
  {
    id: 'life-recipes-api',
    area: 'life',
    stack: 'ts-http',
    idea: "A TypeScript HTTP service for a recipe box on Node's built-in http module: add recipes with ingredients and steps, search recipes by the ingredients I have, and return a recipe scaled to a number of servings; JSON bodies, 400 with a message for invalid input, stored in a JSON file; tests that start the server on a free port.",
  },
  {
    id: 'life-plant-watering',
    area: 'life',
    stack: 'web',
    idea: 'A browser plant-watering planner in plain HTML, CSS and JavaScript: add plants with a watering interval in days, mark a plant as watered, and see which plants need water today or are overdue; kept in localStorage; the scheduling logic in an ES module tested with node --test.',
  },
  {
    id: 'game-hangman',
    area: 'game',
    stack: 'js-cli',
    idea: 'A JavaScript command-line hangman game (Node, no dependencies) played one command at a time: `new` picks a word from a built-in list, `guess LETTER` reveals it or costs a life, `status` shows the word, the guesses and the lives left; the game state saved to a JSON file between commands; tests with node --test.',
  },
  {
    id: 'game-tic-tac-toe',
    area: 'game',
    stack: 'py-cli',
    idea: 'A Python command-line tic-tac-toe against an unbeatable computer player (minimax), played one move per command with the board saved to a JSON file; the program says when someone wins or the game is a draw; argparse, a pyproject.toml, tests with pytest.',
  },
  {
    id: 'game-leaderboard',
    area: 'game',
    stack: 'ts-http',
    idea: "A TypeScript HTTP leaderboard service for a game on Node's built-in http module: submit a player's score, list the top N scores, and get a player's best score and rank, with equal scores sharing a rank; 400 with a message for invalid input; stored in a JSON file; tests that start the server on a free port.",
  },
  {
    id: 'game-2048',
    area: 'game',
    stack: 'web',
    idea: 'A browser 2048 game in plain HTML, CSS and JavaScript: a 4x4 grid moved with the arrow keys, tiles merging as in 2048, a new tile after each move, the score, and a message when no move is left; the board logic in an ES module tested with node --test.',
  },
  {
    id: 'create-static-site',
    area: 'creation',
    stack: 'js-cli',
    idea: 'A JavaScript command-line static site builder (Node, no dependencies): turn a folder of Markdown files with a title line into HTML pages plus an index page linking them, supporting headings, paragraphs, lists, links, emphasis and code blocks; tests with node --test.',
  },
  {
    id: 'create-palette',
    area: 'creation',
    stack: 'py-cli',
    idea: 'A Python command-line colour palette maker: from a seed colour in hex, build complementary, analogous and triadic palettes, check the contrast ratio of two colours against WCAG, and print a palette as CSS custom properties or JSON; argparse, a pyproject.toml, tests with pytest.',
  },
  {
    id: 'create-notes-service',
    area: 'creation',
    stack: 'ts-http',
    idea: "A TypeScript HTTP service for versioned writing notes on Node's built-in http module: create a note, update it (each update keeps a new version), list a note's versions, fetch any version, and show a line diff between two versions; stored in a JSON file; tests that start the server on a free port.",
  },
  {
    id: 'create-pixel-editor',
    area: 'creation',
    stack: 'web',
    idea: 'A browser pixel-art editor in plain HTML, CSS and JavaScript: a 16x16 grid, a palette of eight colours, draw, erase and flood fill, undo, and export and import the drawing as JSON; the grid, fill and undo logic in an ES module tested with node --test.',
  },
];

const METAGPT_TABLE_8 = 'MetaGPT (Hong et al., ICLR 2024), Table 8: examples of the SoftwareDev dataset';

/**
 * The SoftwareDev tasks MetaGPT's paper names: Table 8 lists 11 of the dataset's 70 (the first
 * seven are the ones of its main experiments). The other 59 are not named in the paper, so they
 * are not here. The prompts are the paper's, unchanged: that is what makes the runs comparable.
 */
export const METAGPT_SUITE: readonly BenchIdea[] = [
  { id: 'mg-00-snake', idea: 'Create a snake game.' },
  { id: 'mg-01-brick-breaker', idea: 'Create a brick breaker game.' },
  { id: 'mg-02-2048', idea: 'Create a 2048 game for the web.' },
  {
    id: 'mg-03-flappy-bird',
    idea: 'Write p5.js code for Flappy Bird where you control a yellow bird continuously flying between a series of green pipes. The bird flaps every time you left click the mouse. If it falls to the ground or hits a pipe, you lose. This game goes on indefinitely until you lose; you get points the further you go.',
  },
  { id: 'mg-04-tank-battle', idea: 'Create a tank battle game.' },
  {
    id: 'mg-05-excel-data-process',
    idea: 'Write an excel data processing program based on streamlit and pandas. The screen first shows an excel file upload button. After the excel file is uploaded, use pandas to display its data content. The program is required to be concise, easy to maintain, and not over-designed. It uses streamlit to process web screen displays, and pandas is sufficient to process excel reading and display. Please make sure others can execute directly without introducing additional packages.',
  },
  {
    id: 'mg-06-crud-manage',
    idea: "Write a management program based on the crud addition, deletion, modification and query processing of the customer business entity. The customer needs to save this information: name, birthday, age, sex, and phone. The data is stored in client.db, and there is a judgement whether the customer table exists. If it doesn't, it needs to be created first. Querying is done by name; same for deleting. The program is required to be concise, easy to maintain, and not over-designed. The screen is realized through streamlit and sqlite—no need to introduce other additional packages.",
  },
  {
    id: 'mg-07-music-transcriber',
    idea: 'Develop a program to transcribe sheet music into a digital format; providing error-free transcribed symbolized sheet music intelligence from audio through signal processing involving pitch and time slicing then training a neural net to run Onset Detected CWT transforming scalograms to chromagrams decoded with Recursive Neural Network focused networks.',
  },
  {
    id: 'mg-08-custom-press-releases',
    idea: 'Create custom press releases; develop a Python script that extracts relevant information about company news from external sources, such as social media; extract update interval database for recent changes. The program should create press releases with customizable options and export writings to PDFs, NYTimes API JSONs, media format styled with interlink internal fixed character-length metadata.',
  },
  { id: 'mg-09-gomoku', idea: 'Implement a Gomoku game using Python, incorporating an AI opponent with varying difficulty levels.' },
  { id: 'mg-10-weather-dashboard', idea: 'Create a Python program to develop an interactive weather dashboard.' },
].map((task) => ({ ...task, source: METAGPT_TABLE_8 }));

export const SUITES: Record<SuiteName, readonly BenchIdea[]> = { atelier: ATELIER_SUITE, metagpt: METAGPT_SUITE };
