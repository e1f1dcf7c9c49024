import type { DeploymentGuide, Review, UserDocs } from '../../../src/documents/index.js';
import { expenseLineOf } from './expense-tracker-tasks.js';

/** How many test cases pytest collects from the engineers' files (each parametrised case counts). */
export const ENGINEER_TEST_CASES = 32;

export const expenseTrackerReview: Review = {
  verdict: 'approve',
  summary: `Small, readable and faithful to the design: money is whole cents from Decimal and never a float, the store checks the CSV header and every row and saves atomically, and the CLI is a thin argparse layer that maps ExpenseError to exit 1. No dependency crept in beyond pytest for the tests. The ${ENGINEER_TEST_CASES} test cases exercise the exact-cents edge cases, broken files and every command through the public interfaces, on tmp_path only. Three minor points below; none blocks shipping.`,
  comments: [
    {
      file: 'expenses/store.py',
      line: expenseLineOf('expenses/store.py', 'self.save([*self.load(), expense])'),
      severity: 'minor',
      comment:
        'Two `expenses add` running at the same moment on one file can lose an expense: each loads the rows, appends its own and renames its copy into place, and the last rename wins. The PRD leaves concurrent writers out of scope and the file is never corrupted, but a script adding in parallel would drop rows.',
      suggestion: 'If it becomes a need, hold an exclusive lock (fcntl.flock on a companion .lock file) around load and save in add().',
    },
    {
      file: 'expenses/store.py',
      line: expenseLineOf('expenses/store.py', 'handle = tempfile.NamedTemporaryFile('),
      severity: 'minor',
      comment: 'The temporary file is created with mode 0600, so the first save makes the CSV private to its owner even if it was shared with a group before.',
      suggestion: 'Copy the previous file mode onto the temporary file before os.replace when the CSV already exists.',
    },
    {
      file: 'expenses/cli.py',
      line: expenseLineOf('expenses/cli.py', 'return ["No expenses yet."'),
      severity: 'minor',
      comment: 'The "No expenses yet." hint is printed on stdout, where scripts read the tab-separated lines; `expenses list | wc -l` says 1 for an empty file.',
      suggestion: 'Send the hint to stderr, so stdout holds only expense lines.',
    },
  ],
};

export const expenseTrackerDeploymentGuide: DeploymentGuide = {
  overview:
    'expense-tracker is a pure-Python command-line tool with no runtime dependencies. It is deployed by installing the package with pip on each machine that uses it (from a checkout, or from a wheel built once), which puts the `expenses` command on the PATH. There is no server and no database: each user\'s expenses live in a CSV file.',
  prerequisites: ['Python 3.10 or newer (`python3 --version`)', 'pip for that Python (`python3 -m pip --version`)', 'git, to fetch the source', 'pytest, only to run the tests'],
  environment_variables: [
    {
      name: 'EXPENSES_FILE',
      description: 'Path of the CSV file that holds the expenses, relative to the current folder when not absolute. Defaults to expenses.csv in the folder where `expenses` runs.',
      required: false,
    },
  ],
  steps: [
    { title: 'Fetch the source', commands: ['git clone <repository-url> expense-tracker', 'cd expense-tracker'] },
    {
      title: 'Run the tests',
      commands: ['python3 -m pip install pytest', 'python3 -m pytest -q'],
      notes: 'All tests must pass. They use temporary folders only and need no network; skip the pip line when pytest is installed already (Debian: apt install python3-pytest).',
    },
    {
      title: 'Install the command',
      commands: ['python3 -m pip install --user .'],
      notes: 'Installs into your home folder; ~/.local/bin must be on PATH. In a virtual environment, drop --user. On systems that mark their Python as externally managed, use `pipx install .` instead.',
    },
    {
      title: 'Build a wheel to install elsewhere (optional)',
      commands: ['python3 -m pip wheel --no-deps -w dist .', 'python3 -m pip install --user dist/expense_tracker-0.1.0-py3-none-any.whl'],
      notes: 'The wheel has no dependencies, so it installs offline on any machine with Python 3.10 or newer.',
    },
    {
      title: 'Choose where the expenses live (optional)',
      commands: ['echo \'export EXPENSES_FILE="$HOME/expenses.csv"\' >> ~/.bashrc', 'source ~/.bashrc'],
      notes: 'Skip this to keep one expenses.csv per folder.',
    },
  ],
  verification:
    'Run `expenses --help` (usage, exit 0), then `expenses add 1.50 test --note "check the install"` and `expenses total`, which must print `Total: 1.50`. `expenses add ten food; echo $?` must print the error and 1.',
  troubleshooting: [
    { problem: '`expenses: command not found` after installing', solution: 'pip put the script in a folder that is not on PATH, usually ~/.local/bin: add it to PATH, or run `python3 -m expenses` from the checkout.' },
    { problem: '`error: externally-managed-environment` from pip', solution: 'The system Python is managed by the distribution. Install with `pipx install .`, or create a virtual environment (`python3 -m venv .venv`) and install into it.' },
    { problem: '`expenses: /path/expenses.csv line 7: amount must be a number like 12.50, not \'12,50\'`', solution: 'A spreadsheet saved the file with a decimal comma. Fix the row (amounts use a dot) or export with a dot as the decimal separator; expenses never overwrites a file it cannot read.' },
    { problem: '`No module named expenses` when running `python3 -m expenses`', solution: 'Run it from the checkout folder (the one holding the expenses/ package), or install the package first.' },
  ],
};

export const expenseTrackerUserDocs: UserDocs = {
  title: 'expenses: track what you spend from the terminal',
  overview:
    'expenses records what you spend, one command per purchase, and tells you what you spent in total and per category, exact to the cent. Your expenses are kept in a plain CSV file, expenses.csv in the current folder by default, that any spreadsheet opens. It needs only Python 3.10 or newer.',
  installation:
    '```sh\ngit clone <repository-url> expense-tracker\ncd expense-tracker\npython3 -m pip install --user .\n```\n\nCheck it worked with `expenses --help`. Without installing, run `python3 -m expenses <command>` from the checkout.',
  usage: [
    {
      title: 'Record an expense',
      description:
        'Give the amount and the category; add a note with --note and a day with --date (today otherwise). Amounts take at most two decimals, with a dot. Categories are kept in lower case, so "Food" and "food" are one category.',
      commands: ['expenses add 12.50 food --note "lunch with Ana"', 'expenses add 30 transport --date 2024-05-02'],
    },
    {
      title: 'See what you recorded',
      description: '`expenses list` prints one line per expense, in the order you added them: date, amount, category and note, separated by tabs. Add --category to see one category only.',
      commands: ['expenses list', 'expenses list --category food'],
    },
    {
      title: 'See where the money went',
      description: '`expenses total` prints the total; --by-category first prints one line per category, in alphabetical order. Amounts are exact: 19.99 plus 0.01 is 20.00.',
      commands: ['expenses total', 'expenses total --by-category'],
    },
    {
      title: 'Use expenses in scripts',
      description: 'expenses exits 0 when a command worked, 1 when the input or the file is wrong (the message is on stderr, starting with `expenses:`), and 2 when the command line is wrong. The list is tab-separated, so `cut` picks columns.',
      commands: ['expenses add "$AMOUNT" food || echo "not recorded"', 'expenses list --category food | cut -f2'],
    },
  ],
  configuration:
    'One setting, the environment variable `EXPENSES_FILE`: the CSV file that holds your expenses. Without it expenses uses `expenses.csv` in the current folder. Set it to keep one file wherever you are:\n\n```sh\nexport EXPENSES_FILE="$HOME/expenses.csv"\n```',
  faq: [
    { question: 'Where are my expenses stored?', answer: 'In expenses.csv in the folder where you run expenses, or in the file named by EXPENSES_FILE. Its columns are date, category, amount and note.' },
    { question: 'Can I edit the file in a spreadsheet?', answer: 'Yes. Keep the header row and the dot as the decimal separator. If a row cannot be read, expenses names the line and leaves the file alone until you fix it.' },
    { question: 'Why not store amounts as numbers with decimals?', answer: 'Binary floating point cannot hold 19.99 exactly, so sums drift by a cent. expenses keeps whole cents internally and writes two decimals, so totals are always exact.' },
    { question: 'How do I delete or change an expense?', answer: 'Edit the CSV file: open it in a text editor or spreadsheet and remove or change the row.' },
  ],
};
