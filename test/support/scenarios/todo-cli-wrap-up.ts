import type { DeploymentGuide, Review, UserDocs } from '../../../src/documents/index.js';
import { lineOf } from './todo-cli-tasks.js';

export const todoCliReview: Review = {
  verdict: 'approve',
  summary:
    'Small, readable and faithful to the design and the API spec: the store owns the data and saves atomically, the CLI is a thin layer that maps TodoError to exit 1 and usage mistakes to exit 2, and no dependency crept in. The 16 tests exercise every command, the error paths and the file handling through the public interfaces, on temporary folders only. Two minor points below; neither blocks shipping.',
  comments: [
    {
      file: 'src/todo-store.js',
      line: lineOf('src/todo-store.js', 'async function update(change)'),
      severity: 'minor',
      comment:
        'Two commands running at the same moment on one file can lose an update: each reads the list, changes its copy and renames it into place, and the last rename wins. The PRD leaves concurrent use out of scope and the file is never corrupted, but a script that runs `todo add` in parallel would drop todos.',
      suggestion:
        'If this becomes a need, hold an exclusive lock file (created with the "wx" flag, removed in finally) around update(), retrying briefly when it exists.',
    },
    {
      file: 'src/cli.js',
      line: lineOf('src/cli.js', "return values.all ? 'No todos yet."),
      severity: 'minor',
      comment:
        'When every todo is completed, `todo list` says "Nothing to do" without hinting that completed todos exist, which can surprise someone looking for what they just finished.',
      suggestion: 'Count the completed todos and add "(3 completed: todo list --all)" to the message when there are any.',
    },
  ],
};

export const todoCliDeploymentGuide: DeploymentGuide = {
  overview:
    'todo-cli is a zero-dependency Node.js command-line tool. It is deployed by installing the package globally on each machine that uses it (from a checkout or, optionally, from the npm registry), which puts the `todo` command on the PATH. There is no server and no database: each user\'s todos live in a JSON file.',
  prerequisites: ['Node.js 20 or newer (`node --version`)', 'npm, which ships with Node.js', 'git, to fetch the source'],
  environment_variables: [
    {
      name: 'TODO_FILE',
      description:
        'Path of the JSON file that holds the todos, resolved against the current folder when relative. Defaults to todos.json in the folder where `todo` runs.',
      required: false,
    },
  ],
  steps: [
    {
      title: 'Fetch the source',
      commands: ['git clone <repository-url> todo-cli', 'cd todo-cli'],
    },
    {
      title: 'Run the tests',
      commands: ['npm test'],
      notes: 'Runs `node --test`; all tests must pass. They use temporary folders only and need no network.',
    },
    {
      title: 'Install the command',
      commands: ['npm install -g .'],
      notes: 'npm links `todo` to src/cli.js and marks it executable. On a system Node installed as root, use a Node version manager or set an npm prefix in your home folder instead of sudo.',
    },
    {
      title: 'Choose where the todos live (optional)',
      commands: ['echo \'export TODO_FILE="$HOME/.todos.json"\' >> ~/.bashrc', 'source ~/.bashrc'],
      notes: 'Skip this to keep one todos.json per project folder.',
    },
    {
      title: 'Publish to the npm registry (optional)',
      commands: ['npm login', 'npm publish --access public'],
      notes: 'Users then install with `npm install -g todo-cli`; choose another name in package.json if that one is taken.',
    },
  ],
  verification:
    'Run `todo help` (prints the usage, exit 0), then `todo add "check the install"` and `todo list`, which must show `[ ] 1 check the install`. `echo $?` after `todo done 999` must print 1.',
  troubleshooting: [
    {
      problem: '`todo: command not found` after installing',
      solution: "npm's global bin folder is not on PATH: add the folder printed by `npm prefix -g` followed by /bin to PATH, or run `node src/cli.js` from the checkout.",
    },
    {
      problem: '`npm install -g .` fails with EACCES',
      solution: 'The global prefix belongs to root. Run `npm config set prefix ~/.npm-global`, add ~/.npm-global/bin to PATH and install again, rather than using sudo.',
    },
    {
      problem: '`todo: /path/todos.json is not valid JSON (...)`',
      solution: 'The data file was edited by hand or by another program. Fix the JSON, or move the file away to start a new list; todo never overwrites a file it cannot read.',
    },
    {
      problem: '`SyntaxError: Cannot use import statement outside a module`',
      solution: 'src/cli.js was copied without its package.json, which declares "type": "module". Install the whole package with `npm install -g .` instead of copying single files.',
    },
  ],
};

export const todoCliUserDocs: UserDocs = {
  title: 'todo: a todo list in your terminal',
  overview:
    'todo keeps a simple todo list from the command line: add what needs doing, list what is open, mark things done and remove mistakes. Your todos are saved in a plain JSON file, todos.json in the current folder by default, so each project can have its own list. It needs only Node.js 20 or newer.',
  installation:
    '```sh\ngit clone <repository-url> todo-cli\ncd todo-cli\nnpm install -g .\n```\n\nCheck it worked with `todo help`. Without installing, run `node src/cli.js <command>` from the checkout.',
  usage: [
    {
      title: 'Add a todo',
      description:
        'Write the todo after `add`; quotes are optional because the words are joined. todo prints the id it gave the todo. To add text that starts with a dash, put `--` before it.',
      commands: ['todo add buy milk', 'todo add "call the bank about the card"', 'todo add -- -5 degrees: take a coat'],
    },
    {
      title: 'See what is left to do',
      description:
        '`todo list` shows open todos, one per line as `[ ] <id> <text>`, in the order you added them. Add `--all` (or `-a`) to see completed ones too, marked `[x]`.',
      commands: ['todo list', 'todo list --all'],
    },
    {
      title: 'Mark a todo as done',
      description: 'Give the id shown by `todo list`. The todo disappears from `todo list` but stays in `todo list --all`.',
      commands: ['todo done 1'],
    },
    {
      title: 'Remove a todo',
      description: 'Deletes the todo for good. Its id is never given to a new todo, so ids in your notes or scripts stay unambiguous.',
      commands: ['todo remove 2'],
    },
    {
      title: 'Use todo in scripts',
      description:
        'todo exits 0 when a command worked, 1 when what you asked cannot be done (unknown id, empty text, unreadable file) and 2 when the command line is wrong. Messages go to stderr, results to stdout.',
      commands: ['todo done 7 || echo "no such todo"', 'todo list | wc -l'],
    },
  ],
  configuration:
    'One setting, the environment variable `TODO_FILE`: the file that holds your todos. Without it todo uses `todos.json` in the current folder. Set it to keep a single list wherever you are:\n\n```sh\nexport TODO_FILE="$HOME/.todos.json"\n```',
  faq: [
    {
      question: 'Where are my todos stored?',
      answer: 'In todos.json in the folder where you run todo, or in the file named by TODO_FILE. It is readable JSON you can back up or put under version control.',
    },
    {
      question: 'Can I lose my list if my laptop dies during a save?',
      answer: 'No: todo writes the new list to a temporary file and renames it over the old one, so the file is always either the old list or the new one.',
    },
    {
      question: 'Why did my todo ids skip a number?',
      answer: 'Removed todos keep their ids forever, so a new todo never takes the id of an old one.',
    },
    {
      question: 'todo says my file is not valid JSON. What now?',
      answer: 'Something edited the file by hand. Fix the JSON at the position in the message, or rename the file to start a fresh list; todo does not overwrite a file it cannot read.',
    },
  ],
};
