"""The `expenses` command: add, list and total the expenses of a CSV file."""

import argparse
import sys
from collections.abc import Callable, Sequence

from expenses.store import ExpenseError, ExpenseStore, default_expense_file, format_cents, parse_category, parse_day

PROG = "expenses"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Record expenses in a CSV file and report totals by category.",
        epilog="Expenses are kept in expenses.csv in the current folder, or in the file EXPENSES_FILE names. "
        "Exit codes: 0 done, 1 a problem with the data or the file (message on stderr), 2 a usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="record an expense")
    add.add_argument("amount", metavar="AMOUNT", help="more than 0, at most two decimals, e.g. 12.50")
    add.add_argument("category", metavar="CATEGORY", help="e.g. food; kept in lower case")
    add.add_argument("--note", default="", help="a few words about the expense")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the expense (default: today)")
    listing = commands.add_parser("list", help="list expenses in the order they were added")
    listing.add_argument("--category", help="only the expenses of this category")
    total = commands.add_parser("total", help="print the total spent")
    total.add_argument("--by-category", action="store_true", help="one line per category before the total")
    return parser


def add(store: ExpenseStore, args: argparse.Namespace) -> list[str]:
    day = None if args.date is None else parse_day(args.date)
    expense = store.add(args.amount, args.category, args.note, day)
    return [f"Added {format_cents(expense.amount_cents)} to {expense.category} on {expense.day.isoformat()}"]


def list_expenses(store: ExpenseStore, args: argparse.Namespace) -> list[str]:
    expenses = store.list_expenses(args.category)
    if not expenses:
        return ["No expenses yet." if args.category is None else f"No expenses in {parse_category(args.category)}."]
    # Tab-separated, four fields always: `cut -f2` gives the amounts.
    return ["\t".join([e.day.isoformat(), format_cents(e.amount_cents), e.category, e.note]) for e in expenses]


def total(store: ExpenseStore, args: argparse.Namespace) -> list[str]:
    if not args.by_category:
        return [f"Total: {format_cents(store.total())}"]
    totals = store.totals_by_category()
    lines = [f"{category}: {format_cents(cents)}" for category, cents in totals.items()]
    return [*lines, f"Total: {format_cents(sum(totals.values()))}"]


COMMANDS: dict[str, Callable[[ExpenseStore, argparse.Namespace], list[str]]] = {
    "add": add,
    "list": list_expenses,
    "total": total,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; argparse exits with 2 on a usage error, before any file is read."""
    args = build_parser().parse_args(argv)
    store = ExpenseStore(default_expense_file())
    try:
        lines = COMMANDS[args.command](store, args)
    except ExpenseError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{PROG}: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
