"""Expenses kept in a CSV file: amounts in whole cents, every save atomic."""

import csv
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEFAULT_FILE_NAME = "expenses.csv"
FIELDS = ("date", "category", "amount", "note")


class ExpenseError(Exception):
    """A mistake the user can fix; the message says what to do next."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Expense:
    day: date
    category: str
    amount_cents: int
    note: str = ""


def default_expense_file(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path:
    """EXPENSES_FILE (relative to cwd) when set and not blank, else expenses.csv in cwd."""
    env = os.environ if env is None else env
    base = Path.cwd() if cwd is None else cwd
    named = env.get("EXPENSES_FILE", "").strip()
    return base / (named or DEFAULT_FILE_NAME)


def parse_amount(text: str) -> int:
    """Whole cents from an amount as typed: "12", "12.5", "12.50". Decimal, never float."""
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise ExpenseError("INVALID_AMOUNT", f"amount must be a number like 12.50, not {text!r}") from None
    if not amount.is_finite() or amount <= 0:
        raise ExpenseError("INVALID_AMOUNT", f"amount must be more than 0, not {text!r}")
    if amount.as_tuple().exponent < -2:
        raise ExpenseError("INVALID_AMOUNT", f"amount has more than two decimal places: {text!r}")
    return int(amount * 100)


def format_cents(cents: int) -> str:
    """12.50 for 1250; no currency symbol, so the CSV and the reports read alike."""
    whole, part = divmod(cents, 100)
    return f"{whole}.{part:02d}"


def parse_category(text: str) -> str:
    category = " ".join(text.split()).lower()
    if not category:
        raise ExpenseError("EMPTY_CATEGORY", "category must not be empty")
    return category


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExpenseError("INVALID_DATE", f"date must be YYYY-MM-DD, not {text!r}") from None


class ExpenseStore:
    """The expenses of one CSV file. Every call reads the file; nothing is cached between calls."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> list[Expense]:
        """Every expense in file order; a missing file is no expenses."""
        try:
            handle = self.path.open(newline="", encoding="utf-8")
        except FileNotFoundError:
            return []
        with handle:
            reader = csv.reader(handle)
            try:
                header = next(reader, None)
                if header is None:
                    return []
                if tuple(header) != FIELDS:
                    raise self._bad_file(1, f"the header must be {','.join(FIELDS)}")
                return [self._expense(reader.line_num, row) for row in reader if row]
            except (csv.Error, UnicodeDecodeError) as error:
                raise self._bad_file(reader.line_num, f"not a readable CSV file ({error})") from None

    def save(self, expenses: list[Expense]) -> None:
        """Writes a temporary file beside the CSV, then renames it over, so a crash loses nothing."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            "w", newline="", encoding="utf-8", dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp", delete=False
        )
        try:
            with handle:
                writer = csv.writer(handle)
                writer.writerow(FIELDS)
                for expense in expenses:
                    writer.writerow([expense.day.isoformat(), expense.category, format_cents(expense.amount_cents), expense.note])
            os.replace(handle.name, self.path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise

    def add(self, amount: str, category: str, note: str = "", day: date | None = None) -> Expense:
        expense = Expense(day or date.today(), parse_category(category), parse_amount(amount), " ".join(note.split()))
        self.save([*self.load(), expense])
        return expense

    def list_expenses(self, category: str | None = None) -> list[Expense]:
        expenses = self.load()
        if category is None:
            return expenses
        wanted = parse_category(category)
        return [expense for expense in expenses if expense.category == wanted]

    def total(self) -> int:
        return sum(expense.amount_cents for expense in self.load())

    def totals_by_category(self) -> dict[str, int]:
        """Cents spent per category, categories in alphabetical order."""
        totals: dict[str, int] = {}
        for expense in self.load():
            totals[expense.category] = totals.get(expense.category, 0) + expense.amount_cents
        return dict(sorted(totals.items()))

    def _expense(self, number: int, row: list[str]) -> Expense:
        if len(row) != len(FIELDS):
            raise self._bad_file(number, f"expected {len(FIELDS)} columns, found {len(row)}")
        try:
            return Expense(parse_day(row[0]), parse_category(row[1]), parse_amount(row[2]), row[3])
        except ExpenseError as error:
            raise self._bad_file(number, str(error)) from None

    def _bad_file(self, line: int, reason: str) -> ExpenseError:
        return ExpenseError("BAD_FILE", f"{self.path} line {line}: {reason}; fix or move the file, it was not changed")
