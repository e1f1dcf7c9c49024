import type { ApiSpec, InterfaceEntry, Prd, SystemDesign, TaskPlan } from '../../../src/documents/index.js';

/** The idea the scenario answers; the end-to-end tests start a run with exactly this. */
export const EXPENSE_TRACKER_IDEA =
  'A command-line expense tracker in Python that records expenses to a CSV file and reports totals by category, packaged with pyproject.toml and tested with pytest';

export const expenseTrackerPrd: Prd = {
  project_name: 'expense_tracker',
  original_requirements: EXPENSE_TRACKER_IDEA,
  product_goals: [
    'Record an expense from the terminal in one short command',
    'Report what was spent, overall and per category, exact to the cent',
    'Keep the expenses in a plain CSV file the user owns and can open in any spreadsheet',
    'Install with pip and run with nothing but Python 3.10 or newer: no runtime dependencies',
    'Be safe to script: tab-separated output and documented exit codes',
  ],
  user_stories: [
    'As someone watching my budget, I want to record an expense with its amount, category and an optional note in one command, so that logging a purchase takes seconds',
    'As someone watching my budget, I want to list my expenses in the order I recorded them, optionally for one category, so that I can check what I entered',
    'As someone watching my budget, I want the total I spent and the total per category, exact to the cent, so that I know where my money goes',
    'As a spreadsheet user, I want my expenses in a plain CSV file in the current folder or in the file EXPENSES_FILE names, so that I can open, back up and analyse them elsewhere',
    'As a script author, I want exit code 1 with a message on stderr for bad input, exit code 2 for usage mistakes, and a file I broke by hand left untouched, so that my scripts can rely on the tool',
  ],
  competitive_analysis: [
    {
      name: 'A spreadsheet',
      summary: 'Flexible and familiar, but opening it for every coffee is slow, and formulas break silently.',
      reach: 0.9,
      engagement: 0.35,
    },
    {
      name: 'Banking and budgeting apps',
      summary: 'Automatic imports and charts; they need an account, hold the data themselves and leave the terminal.',
      reach: 0.75,
      engagement: 0.7,
    },
    {
      name: 'ledger / hledger',
      summary: 'Powerful plain-text double-entry accounting; far more than a personal expense log needs, with a syntax to learn.',
      reach: 0.2,
      engagement: 0.85,
    },
    {
      name: 'A notes file',
      summary: 'Always at hand, but no totals, no categories and amounts in free text.',
      reach: 0.6,
      engagement: 0.2,
    },
  ],
  quadrant_chart: {
    title: 'Reach and engagement of ways to track personal expenses',
    x_axis: { low: 'Low reach', high: 'High reach' },
    y_axis: { low: 'Low engagement', high: 'High engagement' },
    quadrants: ['Leaders', 'Niche power tools', 'Overlooked', 'Widely used, shallow'],
  },
  requirement_analysis:
    'A single-user, offline tool. All data lives in one CSV file with the header date,category,amount,note: expenses.csv in the current folder unless EXPENSES_FILE names another. Money is never a float: amounts are parsed as decimals, kept as whole cents and written with two decimals, so totals are exact. Every change loads the file, appends and writes it back atomically (temporary file, then rename). A file that cannot be read is reported with its path and line and never overwritten. Out of scope: currencies, editing or deleting expenses (the CSV can be edited by hand), budgets, charts and concurrent writers.',
  requirement_pool: [
    { id: 'R1', requirement: '`expenses add AMOUNT CATEGORY [--note TEXT] [--date YYYY-MM-DD]` records an expense and prints `Added <amount> to <category> on <date>`.', priority: 'P0' },
    { id: 'R2', requirement: 'Amounts are more than 0 with at most two decimals and are stored exactly (no float rounding); anything else exits 1 with a message.', priority: 'P0' },
    { id: 'R3', requirement: '`expenses list [--category NAME]` prints one tab-separated line per expense (date, amount, category, note) in the order added; no expenses prints a hint.', priority: 'P0' },
    { id: 'R4', requirement: '`expenses total` prints `Total: <amount>`; `--by-category` first prints `<category>: <amount>` per category, alphabetically.', priority: 'P0' },
    { id: 'R5', requirement: 'Expenses persist in expenses.csv in the current folder, or in the file EXPENSES_FILE names; saves are atomic; reading needs no file.', priority: 'P0' },
    { id: 'R6', requirement: 'Exit codes: 0 success, 1 bad data or file with `expenses: <message>` on stderr, 2 usage error with the usage on stderr.', priority: 'P1' },
    { id: 'R7', requirement: 'A CSV file with a wrong header or a bad row is reported with its path and line number and left untouched.', priority: 'P1' },
    { id: 'R8', requirement: 'Packaged with pyproject.toml and an `expenses` console script; no runtime dependencies; tests run with pytest in a few seconds.', priority: 'P0' },
  ],
  ui_design_draft:
    'One command, `expenses`, with three verbs:\n\n```\n$ expenses add 12.50 food --note "lunch with Ana"\nAdded 12.50 to food on 2024-05-01\n$ expenses add 30 transport --date 2024-05-02\nAdded 30.00 to transport on 2024-05-02\n$ expenses list\n2024-05-01\t12.50\tfood\tlunch with Ana\n2024-05-02\t30.00\ttransport\t\n$ expenses total --by-category\nfood: 12.50\ntransport: 30.00\nTotal: 42.50\n```\n\nErrors are one line on stderr starting with `expenses:`; usage mistakes print argparse\'s usage.',
  open_questions: ['Should a later version support several currencies, or is one implicit currency per file enough?'],
};

const FILE_LIST = ['pyproject.toml', 'README.md', 'expenses/__init__.py', 'expenses/store.py', 'tests/test_store.py', 'expenses/cli.py', 'expenses/__main__.py', 'tests/test_cli.py'];

export const expenseTrackerSystemDesign: SystemDesign = {
  implementation_approach:
    'One Python package, `expenses`, on the standard library only. expenses/store.py owns the data: parse_amount turns typed text into whole cents through decimal.Decimal (never float), format_cents writes them back with two decimals, and ExpenseStore(path) loads the CSV with the csv module, checks the header and every row, and saves by writing a NamedTemporaryFile in the same folder and os.replace-ing it over the file. User mistakes are ExpenseError with a stable code. expenses/cli.py is a thin argparse entry point: one sub-command per verb, output lines returned by small functions, ExpenseError mapped to exit 1 and argparse\'s own usage errors to exit 2; expenses/__main__.py makes `python3 -m expenses` the same command as the installed console script. pytest tests the store on files under tmp_path and the CLI in-process through main(argv) with capsys and monkeypatch.',
  language: 'Python',
  runtime: { name: 'Python 3.10+', frameworks: ['argparse', 'csv', 'decimal', 'pytest'] },
  file_list: FILE_LIST,
  data_structures: [
    {
      name: 'Expense',
      kind: 'class',
      attributes: [
        { name: 'day', type: 'datetime.date' },
        { name: 'category', type: 'str (lower case)' },
        { name: 'amount_cents', type: 'int' },
        { name: 'note', type: 'str' },
      ],
      methods: [],
      relations: [],
    },
    {
      name: 'ExpenseStore',
      kind: 'class',
      attributes: [{ name: 'path', type: 'pathlib.Path' }],
      methods: [
        { name: 'load', params: '', returns: 'list[Expense]' },
        { name: 'save', params: 'expenses: list[Expense]', returns: 'None' },
        { name: 'add', params: 'amount: str, category: str, note: str = "", day: date | None = None', returns: 'Expense' },
        { name: 'list_expenses', params: 'category: str | None = None', returns: 'list[Expense]' },
        { name: 'total', params: '', returns: 'int' },
        { name: 'totals_by_category', params: '', returns: 'dict[str, int]' },
      ],
      relations: [
        { to: 'Expense', kind: 'contains' },
        { to: 'ExpenseError', kind: 'uses' },
      ],
    },
    {
      name: 'ExpenseError',
      kind: 'class',
      attributes: [{ name: 'code', type: "'INVALID_AMOUNT' | 'EMPTY_CATEGORY' | 'INVALID_DATE' | 'BAD_FILE'" }],
      methods: [],
      relations: [{ to: 'Exception', kind: 'inherits' }],
    },
  ],
  call_flow: [
    { from: 'User', to: 'cli.main', message: 'expenses add 19.99 food' },
    { from: 'cli.main', to: 'ExpenseStore', message: 'add("19.99", "food", "", None)' },
    { from: 'ExpenseStore', to: 'store.parse_amount', message: 'parse_amount("19.99")', returns: '1999' },
    { from: 'ExpenseStore', to: 'expenses.csv', message: 'read rows, write .expenses.csv.<random>.tmp, os.replace' },
    { from: 'ExpenseStore', to: 'cli.main', message: 'the new expense', returns: 'Expense(amount_cents=1999)' },
    { from: 'cli.main', to: 'User', message: 'Added 19.99 to food on <today> (exit 0)' },
    { from: 'User', to: 'cli.main', message: 'expenses add ten food' },
    { from: 'store.parse_amount', to: 'cli.main', message: 'raises ExpenseError INVALID_AMOUNT', returns: 'ExpenseError' },
    { from: 'cli.main', to: 'User', message: "expenses: amount must be a number like 12.50, not 'ten' on stderr (exit 1)" },
  ],
  commands: { test: 'python3 -m pytest -q', run: 'python3 -m expenses list' },
  open_questions: [],
};

/** An entry of the store module's programmatic interface. */
const store = (name: string, kind: InterfaceEntry['kind'], signature: string, description: string, examples: string[]): InterfaceEntry => ({
  name,
  kind,
  signature,
  description,
  examples,
});

export const expenseTrackerApiSpec: ApiSpec = {
  style: 'interface',
  summary:
    'The `expenses` command for people at a terminal (also `python3 -m expenses`), and the expenses.store module it is built on. Results go to stdout with exit 0; bad data or an unreadable file prints `expenses: <message>` on stderr and exits 1; usage mistakes print the usage on stderr and exit 2.',
  interface: {
    entries: [
      {
        name: 'expenses add',
        kind: 'command',
        signature: 'expenses add AMOUNT CATEGORY [--note TEXT] [--date YYYY-MM-DD]',
        description:
          'Records one expense and prints `Added <amount> to <category> on <date>`, the amount with two decimals and the category in lower case. The date defaults to today. A bad amount, an empty category or a malformed date exits 1 and writes nothing.',
        examples: ['expenses add 12.50 food --note "lunch with Ana"', 'expenses add 30 transport --date 2024-05-02'],
      },
      {
        name: 'expenses list',
        kind: 'command',
        signature: 'expenses list [--category NAME]',
        description:
          'Prints one line per expense in the order added: date, amount, category and note separated by tabs (the note may be empty). With --category only that category (case-insensitive). No expenses prints `No expenses yet.` or `No expenses in <category>.`; no file is created.',
        examples: ['expenses list', 'expenses list --category food | cut -f2'],
      },
      {
        name: 'expenses total',
        kind: 'command',
        signature: 'expenses total [--by-category]',
        description: 'Prints `Total: <amount>`. With --by-category, first one `<category>: <amount>` line per category in alphabetical order. No expenses is `Total: 0.00`.',
        examples: ['expenses total', 'expenses total --by-category'],
      },
      {
        name: 'expenses --help',
        kind: 'command',
        signature: 'expenses --help | expenses COMMAND --help',
        description: 'Prints the usage on stdout and exits 0. A missing or unknown command, option or argument prints the usage on stderr and exits 2.',
        examples: ['expenses --help', 'expenses add --help'],
      },
      store('main', 'function', 'expenses.cli.main(argv: Sequence[str] | None = None) -> int', 'Runs one command with the data file default_expense_file() and returns the exit code; argparse raises SystemExit(2) on a usage error. The console script and `python3 -m expenses` call it.', ['raise SystemExit(main())']),
      store(
        'ExpenseStore',
        'class',
        'expenses.store.ExpenseStore(path: Path)',
        'The expenses of one CSV file. Methods: load() -> list[Expense], save(expenses), add(amount, category, note="", day=None) -> Expense, list_expenses(category=None) -> list[Expense], total() -> int, totals_by_category() -> dict[str, int] (cents, categories sorted). Every method reads the file; a missing file is no expenses.',
        ['store = ExpenseStore(tmp_path / "expenses.csv")', 'store.add("12.50", "Food", "lunch")  # Expense(day=today, category="food", amount_cents=1250, note="lunch")', 'store.totals_by_category()  # {"food": 1250}'],
      ),
      store(
        'ExpenseStore.load / ExpenseStore.save',
        'function',
        'load(self) -> list[Expense]; save(self, expenses: list[Expense]) -> None',
        'load checks the header date,category,amount,note and every row; a bad one raises ExpenseError BAD_FILE naming the path and line. save writes the header and rows to a temporary file beside the CSV and renames it over it.',
        ['store.save([*store.load(), expense])'],
      ),
      store('Expense', 'class', 'expenses.store.Expense(day: date, category: str, amount_cents: int, note: str = "")', 'One expense; frozen dataclass.', ['Expense(date(2024, 5, 1), "food", 1250, "lunch")']),
      store('parse_amount', 'function', 'expenses.store.parse_amount(text: str) -> int', 'Whole cents from typed text through Decimal: "12.5" is 1250, "19.99" is 1999. Raises ExpenseError INVALID_AMOUNT for text that is not a number, not more than 0, or has more than two decimals.', ['parse_amount("19.99")  # 1999']),
      store('format_cents', 'function', 'expenses.store.format_cents(cents: int) -> str', 'Two decimals, no currency symbol.', ['format_cents(1250)  # "12.50"']),
      store('parse_category / parse_day', 'function', 'parse_category(text: str) -> str; parse_day(text: str) -> date', 'Category: whitespace collapsed, lower case, ExpenseError EMPTY_CATEGORY when blank. Day: ISO YYYY-MM-DD, else ExpenseError INVALID_DATE.', ['parse_category("  Food ")  # "food"']),
      store('default_expense_file', 'function', 'expenses.store.default_expense_file(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path', 'EXPENSES_FILE (relative to cwd) when set and not blank, else expenses.csv in cwd; os.environ and the current folder by default.', ['default_expense_file({"EXPENSES_FILE": "home.csv"}, Path("/home/ada"))  # Path("/home/ada/home.csv")']),
      store('ExpenseError', 'class', 'class ExpenseError(Exception): code: str', "A mistake the user can fix: code is 'INVALID_AMOUNT', 'EMPTY_CATEGORY', 'INVALID_DATE' or 'BAD_FILE'; the message says what to do. The CLI prints it after `expenses: ` and exits 1.", ['except ExpenseError as error: print(f"expenses: {error}", file=sys.stderr)']),
    ],
  },
};

export const expenseTrackerTaskPlan: TaskPlan = {
  required_packages: [{ name: 'pytest', version: '>=7', dev: true }],
  tasks: [
    {
      id: 'T1',
      title: 'Create the package metadata, the README and the package marker',
      files: ['pyproject.toml', 'README.md', 'expenses/__init__.py'],
      description:
        'pyproject.toml: setuptools build backend, project "expense-tracker" 0.1.0, requires-python ">=3.10", no runtime dependencies (pytest only as the optional "test" extra), [project.scripts] expenses = "expenses.cli:main", packages = ["expenses"], and [tool.pytest.ini_options] testpaths = ["tests"] and pythonpath = ["."]. README.md: install with pip, every command with an example session, the CSV file and EXPENSES_FILE, the exit codes, and how to run the tests. expenses/__init__.py: the package docstring and __version__.',
      dependencies: [],
      priority: 'P0',
    },
    {
      id: 'T2',
      title: 'Implement the CSV expense store and its tests',
      files: ['expenses/store.py', 'tests/test_store.py'],
      description:
        'expenses/store.py defines Expense, ExpenseStore, ExpenseError, parse_amount, format_cents, parse_category, parse_day, default_expense_file, DEFAULT_FILE_NAME and FIELDS exactly as in the API spec. Amounts go through decimal.Decimal into whole cents, never float; the CSV has the header date,category,amount,note; save is atomic (temporary file in the same folder, then os.replace); a missing file is no expenses; a bad header or row is ExpenseError BAD_FILE naming the path and line, and the file is left as it was. tests/test_store.py covers exact cents (19.99, 4.35, 0.29), rejected amounts, category normalisation, notes with commas and quotes, totals and totals by category, the category filter, no temporary file left, broken files and default_expense_file.',
      dependencies: ['T1'],
      priority: 'P0',
    },
    {
      id: 'T3',
      title: 'Implement the command-line interface and its tests',
      files: ['expenses/cli.py', 'expenses/__main__.py', 'tests/test_cli.py'],
      description:
        'expenses/cli.py builds an argparse parser with the sub-commands add (AMOUNT CATEGORY --note --date), list (--category) and total (--by-category), runs them on ExpenseStore(default_expense_file()) and prints the lines of the API spec; main(argv=None) returns 0, or 1 after printing `expenses: <message>` on stderr for an ExpenseError or an OSError; argparse exits 2 on usage errors. expenses/__main__.py raises SystemExit(main()). tests/test_cli.py calls main(argv) in a tmp_path working folder (monkeypatch.chdir, EXPENSES_FILE removed) and checks stdout, stderr and the exit code with capsys for every command, user errors, usage errors and EXPENSES_FILE.',
      dependencies: ['T2'],
      priority: 'P0',
    },
  ],
  shared_knowledge:
    'Python 3.10+, standard library only, absolute imports (`from expenses.store import ...`), type hints on public functions. Money is int cents inside the program and a two-decimal string in the CSV and the output; never a float. An Expense is (day, category, amount_cents, note); the CSV header is date,category,amount,note, written by the csv module with newline="". User mistakes raise ExpenseError (expenses/store.py) with a code; the CLI never prints a traceback for them. Tests use pytest with tmp_path and monkeypatch, no network, no real home folder, and never depend on the clock (pass --date or day=).',
};
