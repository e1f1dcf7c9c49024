import type { ApiSpec, InterfaceEntry, Prd, SystemDesign, TaskPlan } from '../../../src/documents/index.js';

/** The idea the scenario answers; the demo and the end-to-end tests start a run with exactly this. */
export const TODO_CLI_IDEA =
  'A command-line todo list manager in JavaScript: add, list, complete and remove todos, saved to a JSON file, with tests using node --test and no dependencies';

export const todoCliPrd: Prd = {
  project_name: 'todo_cli',
  original_requirements: TODO_CLI_IDEA,
  product_goals: [
    'Capture, review and finish todos from the terminal in well under a second per command',
    'Keep todos in a plain JSON file the user owns, can read, back up and version',
    'Install and run with nothing but Node.js: zero dependencies',
    'Be safe to script: predictable output and documented exit codes',
  ],
  user_stories: [
    'As a developer, I want to add a todo with one command, so that capturing a task never breaks my flow',
    'As a developer, I want to list my open todos with their ids, so that I can see what is left and refer to a todo by number',
    'As a developer, I want to mark a todo as done, so that finished work drops out of my list but is not lost',
    'As a developer, I want to remove a todo I added by mistake, so that my list stays accurate',
    'As a developer, I want each project folder to have its own todos.json, or one file set by TODO_FILE, so that lists stay where I need them',
    'As a script author, I want clear exit codes and messages on stderr, so that I can use the tool from shell scripts',
  ],
  competitive_analysis: [
    {
      name: 'Todoist',
      summary: 'Polished cross-device app with reminders; needs an account and leaves the terminal.',
      reach: 0.85,
      engagement: 0.7,
    },
    {
      name: 'todo.txt CLI',
      summary: 'Long-lived plain-text format with a shell script; its bash script and syntax put newcomers off.',
      reach: 0.35,
      engagement: 0.6,
    },
    {
      name: 'Taskwarrior',
      summary: 'Very powerful terminal task manager; steep learning curve for a simple list.',
      reach: 0.3,
      engagement: 0.8,
    },
    {
      name: 'TODO comments in a notes file',
      summary: 'Zero setup and always at hand, but no ids, no completion state and no scripting.',
      reach: 0.7,
      engagement: 0.25,
    },
  ],
  quadrant_chart: {
    title: 'Reach and engagement of todo tools for developers',
    x_axis: { low: 'Low reach', high: 'High reach' },
    y_axis: { low: 'Low engagement', high: 'High engagement' },
    quadrants: ['Leaders', 'Niche power tools', 'Overlooked', 'Widely used, shallow'],
  },
  requirement_analysis:
    'A single-user, offline tool for one machine. All state lives in one JSON file: todos.json in the current folder unless TODO_FILE names another. Every command loads the file, applies one change and writes it back atomically (temporary file, then rename), so an interrupted command cannot corrupt the list. Ids are small integers that are never reused, even after a remove, so a script that remembered an id never acts on the wrong todo. Out of scope: due dates, priorities, tags, sync, colours and concurrent editing of one file by several processes.',
  requirement_pool: [
    { id: 'R1', requirement: '`todo add <text...>` adds an open todo, prints its id and rejects empty text with exit code 1.', priority: 'P0' },
    { id: 'R2', requirement: '`todo list` prints open todos as `[ ] <id> <text>`, one per line, in the order added; `--all` also prints completed ones as `[x]`.', priority: 'P0' },
    { id: 'R3', requirement: '`todo done <id>` marks a todo as completed; an unknown id exits 1 with a message naming the id.', priority: 'P0' },
    { id: 'R4', requirement: '`todo remove <id>` deletes a todo; its id is never given to a new todo.', priority: 'P0' },
    { id: 'R5', requirement: 'Todos persist in todos.json in the current folder, or in the file named by TODO_FILE; saves are atomic.', priority: 'P0' },
    { id: 'R6', requirement: 'Exit codes: 0 success, 1 user error with a message on stderr, 2 usage error with the usage on stderr; `todo help` prints the usage.', priority: 'P1' },
    { id: 'R7', requirement: 'A corrupt or hand-broken data file is reported with its path and left untouched.', priority: 'P1' },
    { id: 'R8', requirement: 'The project has no dependencies and its tests run with `node --test` in a few seconds.', priority: 'P0' },
  ],
  ui_design_draft:
    'One executable, `todo`, with four verbs and help:\n\n```\n$ todo add buy milk\nAdded 1: buy milk\n$ todo list\n[ ] 1 buy milk\n[ ] 2 walk the dog\n$ todo done 1\nCompleted 1: buy milk\n$ todo list --all\n[x] 1 buy milk\n[ ] 2 walk the dog\n$ todo remove 2\nRemoved 2: walk the dog\n```\n\nErrors are one line on stderr starting with `todo:`; usage mistakes add the usage text.',
  open_questions: ['Should a future version lock the file so two terminals adding at the same moment cannot lose a todo?'],
};

const FILE_LIST = ['package.json', 'README.md', 'src/todo-store.js', 'test/todo-store.test.js', 'src/cli.js', 'test/cli.test.js'];

export const todoCliSystemDesign: SystemDesign = {
  implementation_approach:
    'Two ES modules on Node 20 and nothing else. src/todo-store.js owns the data: createTodoStore(file) returns a store whose add/list/complete/remove each load the JSON file, apply one change and save it atomically (write a temporary file in the same folder, then rename it over the list). User mistakes are TodoError instances with a stable code. src/cli.js is a thin entry point: it parses each command with node:util parseArgs, calls the store, prints one readable line per todo and maps errors to exit codes (1 user error, 2 usage). Tests use node:test with node:assert/strict: the store is tested directly on files in fresh temporary folders, the CLI end to end by spawning `node src/cli.js` with TODO_FILE pointing into a temporary folder.',
  language: 'JavaScript',
  runtime: { name: 'Node.js 20', frameworks: ['node:test', 'node:util parseArgs'] },
  file_list: FILE_LIST,
  data_structures: [
    {
      name: 'Todo',
      kind: 'type',
      attributes: [
        { name: 'id', type: 'number' },
        { name: 'text', type: 'string' },
        { name: 'done', type: 'boolean' },
        { name: 'createdAt', type: 'string (ISO 8601)' },
        { name: 'completedAt', type: 'string | null' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'TodoFile',
      kind: 'type',
      attributes: [
        { name: 'nextId', type: 'number' },
        { name: 'todos', type: 'Todo[]' },
      ],
      methods: [],
      relations: [{ to: 'Todo', kind: 'contains' }],
    },
    {
      name: 'TodoStore',
      kind: 'interface',
      attributes: [{ name: 'file', type: 'string' }],
      methods: [
        { name: 'load', params: '', returns: 'Promise<TodoFile>' },
        { name: 'save', params: 'data: TodoFile', returns: 'Promise<void>' },
        { name: 'add', params: 'text: string', returns: 'Promise<Todo>' },
        { name: 'list', params: '{ all }: { all?: boolean }', returns: 'Promise<Todo[]>' },
        { name: 'complete', params: 'id: number | string', returns: 'Promise<Todo>' },
        { name: 'remove', params: 'id: number | string', returns: 'Promise<Todo>' },
      ],
      relations: [
        { to: 'TodoFile', kind: 'uses' },
        { to: 'TodoError', kind: 'uses' },
      ],
    },
    {
      name: 'TodoError',
      kind: 'class',
      attributes: [
        { name: 'message', type: 'string' },
        { name: 'code', type: "'EMPTY_TEXT' | 'INVALID_ID' | 'NOT_FOUND' | 'BAD_FILE'" },
      ],
      methods: [],
      relations: [],
    },
  ],
  call_flow: [
    { from: 'User', to: 'cli.js', message: 'todo add buy milk' },
    { from: 'cli.js', to: 'TodoStore', message: 'add("buy milk")' },
    { from: 'TodoStore', to: 'todos.json', message: 'readFile, then write todos.json.<pid>.tmp and rename' },
    { from: 'TodoStore', to: 'cli.js', message: 'the new todo', returns: 'Todo { id: 1 }' },
    { from: 'cli.js', to: 'User', message: 'Added 1: buy milk (exit 0)' },
    { from: 'User', to: 'cli.js', message: 'todo done 9' },
    { from: 'cli.js', to: 'TodoStore', message: 'complete("9")' },
    { from: 'TodoStore', to: 'cli.js', message: 'throws TodoError NOT_FOUND', returns: 'TodoError' },
    { from: 'cli.js', to: 'User', message: 'todo: no todo with id 9 on stderr (exit 1)' },
  ],
  commands: { test: 'node --test', run: 'node src/cli.js list' },
  open_questions: [],
};

/** An entry of the store module's programmatic interface. */
const store = (name: string, signature: string, description: string, examples: string[]): InterfaceEntry => ({
  name,
  kind: 'function',
  signature,
  description,
  examples,
});

export const todoCliApiSpec: ApiSpec = {
  style: 'interface',
  summary:
    'The `todo` command for people at a terminal, and the src/todo-store.js module it is built on. Commands print to stdout and exit 0; user errors print `todo: <message>` on stderr and exit 1; usage mistakes print the usage on stderr and exit 2.',
  interface: {
    entries: [
      {
        name: 'todo add',
        kind: 'command',
        signature: 'todo add <text...>',
        description: 'Joins the words into one todo, collapses whitespace, saves it and prints `Added <id>: <text>`. Empty text exits 1.',
        examples: ['todo add buy milk', 'todo add "call the bank about the card"', 'todo add -- -5 degrees: take a coat'],
      },
      {
        name: 'todo list',
        kind: 'command',
        signature: 'todo list [--all | -a]',
        description: 'Prints open todos as `[ ] <id> <text>`, one per line in the order added; with --all also completed ones as `[x] <id> <text>`. An empty list prints a hint instead.',
        examples: ['todo list', 'todo list --all'],
      },
      {
        name: 'todo done',
        kind: 'command',
        signature: 'todo done <id>',
        description: 'Marks the todo as completed and prints `Completed <id>: <text>`; repeating it is harmless. An unknown or malformed id exits 1.',
        examples: ['todo done 3'],
      },
      {
        name: 'todo remove',
        kind: 'command',
        signature: 'todo remove <id>',
        description: 'Deletes the todo and prints `Removed <id>: <text>`; the id is never reused. An unknown id exits 1.',
        examples: ['todo remove 2'],
      },
      {
        name: 'todo help',
        kind: 'command',
        signature: 'todo help | todo --help | todo -h',
        description: 'Prints the usage on stdout and exits 0. A missing or unknown command prints it on stderr and exits 2.',
        examples: ['todo help'],
      },
      store(
        'createTodoStore',
        'createTodoStore(file?: string): TodoStore',
        'Returns a store on `file` (default: defaultTodoFile()). Its methods are async: load(), save(data), add(text), list({ all }), complete(id), remove(id). Nothing is read until a method is called.',
        ["const store = createTodoStore('/tmp/todos.json')"],
      ),
      store(
        'TodoStore.add',
        'add(text: string): Promise<Todo>',
        'Appends an open todo with the next id and saves. Rejects with TodoError EMPTY_TEXT when the text is blank.',
        ["await store.add('buy milk') // { id: 1, text: 'buy milk', done: false, ... }"],
      ),
      store(
        'TodoStore.list',
        'list({ all }?: { all?: boolean }): Promise<Todo[]>',
        'Open todos in the order added, or every todo when all is true. A missing file is an empty list.',
        ['await store.list()', 'await store.list({ all: true })'],
      ),
      store(
        'TodoStore.complete',
        'complete(id: number | string): Promise<Todo>',
        'Sets done and completedAt (kept on a repeat) and saves. Rejects with TodoError INVALID_ID or NOT_FOUND.',
        ['await store.complete(1)'],
      ),
      store(
        'TodoStore.remove',
        'remove(id: number | string): Promise<Todo>',
        'Deletes the todo, saves and returns it. Rejects with TodoError INVALID_ID or NOT_FOUND.',
        ["await store.remove('2')"],
      ),
      store(
        'TodoStore.load / TodoStore.save',
        'load(): Promise<TodoFile>; save(data: TodoFile): Promise<void>',
        'load reads and checks the file (missing: empty list; invalid JSON or shape: TodoError BAD_FILE). save writes a temporary file next to it and renames it over the list.',
        ['const data = await store.load()'],
      ),
      store(
        'defaultTodoFile',
        'defaultTodoFile(env?: NodeJS.ProcessEnv, cwd?: string): string',
        'The absolute data file path: TODO_FILE (resolved against cwd) when set and not blank, else todos.json in cwd.',
        ["defaultTodoFile({ TODO_FILE: 'work.json' }, '/home/ada') // '/home/ada/work.json'"],
      ),
      store(
        'parseId',
        'parseId(value: number | string): number',
        'A todo id from user input: a whole number from 1 up. Throws TodoError INVALID_ID otherwise.',
        ["parseId('12') // 12"],
      ),
      {
        name: 'TodoError',
        kind: 'class',
        signature: "class TodoError extends Error { name: 'TodoError'; code: 'EMPTY_TEXT' | 'INVALID_ID' | 'NOT_FOUND' | 'BAD_FILE' }",
        description: 'A mistake the user can fix; its message says what to do next. The CLI prints it and exits 1.',
        examples: ["if (error instanceof TodoError && error.code === 'NOT_FOUND') { /* ... */ }"],
      },
    ],
  },
};

export const todoCliTaskPlan: TaskPlan = {
  required_packages: [],
  tasks: [
    {
      id: 'T1',
      title: 'Create the package manifest and the README',
      files: ['package.json', 'README.md'],
      description:
        'package.json: name "todo-cli", "type": "module", "bin": { "todo": "src/cli.js" }, scripts.test "node --test", engines.node ">=20", no dependencies. README.md: install (npm install -g .), every command with an example session, the data file and TODO_FILE, the exit codes, and how to run the tests.',
      dependencies: [],
      priority: 'P0',
    },
    {
      id: 'T2',
      title: 'Implement the JSON todo store and its tests',
      files: ['src/todo-store.js', 'test/todo-store.test.js'],
      description:
        'src/todo-store.js exports createTodoStore, defaultTodoFile, parseId, TodoError and DEFAULT_FILE_NAME exactly as in the API spec. The file holds { nextId, todos }; ids are never reused; saves are atomic (temporary file + rename); a missing file is an empty list; invalid JSON or shape is TodoError BAD_FILE naming the path. test/todo-store.test.js covers add (ids, trimming, empty text), list with and without all, complete (idempotent), remove (ids not reused), unknown and malformed ids, missing and corrupt files, no temporary files left behind, and defaultTodoFile.',
      dependencies: ['T1'],
      priority: 'P0',
    },
    {
      id: 'T3',
      title: 'Implement the command-line interface and its end-to-end tests',
      files: ['src/cli.js', 'test/cli.test.js'],
      description:
        'src/cli.js starts with #!/usr/bin/env node, parses each command with node:util parseArgs (strict), runs add/list/done/remove/help through createTodoStore(defaultTodoFile()), prints `[ ] 1 buy milk` / `[x] 2 ...` lines, and sets process.exitCode: 0 ok, 1 TodoError (message on stderr), 2 usage (usage on stderr). test/cli.test.js spawns process.execPath with src/cli.js and TODO_FILE in a fresh temporary folder, and checks output and exit codes for every command, user errors, usage errors, help and the default todos.json in the current folder.',
      dependencies: ['T2'],
      priority: 'P0',
    },
  ],
  shared_knowledge:
    'ES modules only, relative imports end in .js, built-ins with the node: prefix, no dependencies. A Todo is { id, text, done, createdAt, completedAt }; the data file is { nextId, todos } pretty-printed with a trailing newline. User mistakes throw TodoError (from src/todo-store.js) with a code; the CLI never prints a stack trace for them. Tests use node:test and node:assert/strict, fresh folders from fs.mkdtempSync(join(os.tmpdir(), ...)) removed in t.after, and no network.',
};
