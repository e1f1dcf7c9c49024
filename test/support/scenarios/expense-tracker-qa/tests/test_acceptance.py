"""Acceptance tests: each user story of the PRD, through the real `expenses` command."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def expenses(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs `python -m expenses` in `cwd`, with EXPENSES_FILE unset unless `env` sets it."""
    environment = dict(os.environ)
    environment.pop("EXPENSES_FILE", None)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), environment.get("PYTHONPATH")]))
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "expenses", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=30)


def test_story_add_records_an_expense_with_amount_category_and_note(tmp_path: Path) -> None:
    added = expenses(tmp_path, "add", "12.5", "Food", "--note", "lunch, with Ana", "--date", "2024-05-01")
    assert (added.returncode, added.stdout, added.stderr) == (0, "Added 12.50 to food on 2024-05-01\n", "")
    listed = expenses(tmp_path, "list")
    assert listed.stdout == "2024-05-01\t12.50\tfood\tlunch, with Ana\n"


def test_story_list_shows_expenses_in_order_and_filters_by_category(tmp_path: Path) -> None:
    assert expenses(tmp_path, "list").stdout == "No expenses yet.\n"
    expenses(tmp_path, "add", "4.35", "food", "--date", "2024-05-01")
    expenses(tmp_path, "add", "30", "transport", "--date", "2024-05-02")
    expenses(tmp_path, "add", "8.20", "food", "--note", "bread", "--date", "2024-05-03")
    assert expenses(tmp_path, "list").stdout == "2024-05-01\t4.35\tfood\t\n2024-05-02\t30.00\ttransport\t\n2024-05-03\t8.20\tfood\tbread\n"
    assert expenses(tmp_path, "list", "--category", "FOOD").stdout == "2024-05-01\t4.35\tfood\t\n2024-05-03\t8.20\tfood\tbread\n"
    assert expenses(tmp_path, "list", "--category", "rent").stdout == "No expenses in rent.\n"


def test_story_totals_are_exact_to_the_cent_overall_and_by_category(tmp_path: Path) -> None:
    for amount, category in (("19.99", "food"), ("0.01", "food"), ("0.29", "coffee"), ("1.15", "coffee")):
        assert expenses(tmp_path, "add", amount, category, "--date", "2024-05-01").returncode == 0
    assert expenses(tmp_path, "total").stdout == "Total: 21.44\n"
    assert expenses(tmp_path, "total", "--by-category").stdout == "coffee: 1.44\nfood: 20.00\nTotal: 21.44\n"


def test_story_expenses_live_in_a_plain_csv_file_here_or_where_expenses_file_says(tmp_path: Path) -> None:
    expenses(tmp_path, "add", "12.50", "food", "--note", "lunch", "--date", "2024-05-01")
    with (tmp_path / "expenses.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["date", "category", "amount", "note"], ["2024-05-01", "food", "12.50", "lunch"]]
    shared = tmp_path / "shared.csv"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        expenses(tmp_path / folder, "add", "1", folder, "--date", "2024-05-01", env={"EXPENSES_FILE": str(shared)})
    assert expenses(tmp_path, "total", env={"EXPENSES_FILE": str(shared)}).stdout == "Total: 2.00\n"
    assert not (tmp_path / "a" / "expenses.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "expenses.csv", "shared.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "ten", "food"), "expenses: amount must be a number like 12.50, not 'ten'\n"),
        (("add", "0", "food"), "expenses: amount must be more than 0, not '0'\n"),
        (("add", "1.999", "food"), "expenses: amount has more than two decimal places: '1.999'\n"),
        (("add", "5", " "), "expenses: category must not be empty\n"),
    ],
)
def test_story_scripts_get_exit_code_1_and_a_message_for_bad_input(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = expenses(tmp_path, *args)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert not (tmp_path / "expenses.csv").exists()


def test_story_scripts_get_exit_code_2_for_usage_errors_and_a_broken_file_is_left_alone(tmp_path: Path) -> None:
    for args in ((), ("spend", "5"), ("add", "5")):
        result = expenses(tmp_path, *args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("usage: expenses"), args
    broken = "date,category,amount,note\n2024-05-01,food,lots,\n"
    (tmp_path / "expenses.csv").write_text(broken, encoding="utf-8")
    result = expenses(tmp_path, "add", "1", "food")
    assert result.returncode == 1
    assert result.stderr.startswith(f"expenses: {tmp_path / 'expenses.csv'} line 2: amount must be a number")
    assert (tmp_path / "expenses.csv").read_text(encoding="utf-8") == broken
