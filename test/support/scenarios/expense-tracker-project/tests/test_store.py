from datetime import date
from pathlib import Path

import pytest

from expenses.store import (
    DEFAULT_FILE_NAME,
    Expense,
    ExpenseError,
    ExpenseStore,
    default_expense_file,
    format_cents,
    parse_amount,
)

MAY_1 = date(2024, 5, 1)


@pytest.fixture
def store(tmp_path: Path) -> ExpenseStore:
    return ExpenseStore(tmp_path / "expenses.csv")


@pytest.mark.parametrize(("text", "cents"), [("12", 1200), ("12.5", 1250), ("19.99", 1999), ("4.35", 435), (" 0.29 ", 29)])
def test_parse_amount_gives_exact_cents(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.005", "NaN", "inf"])
def test_parse_amount_rejects_what_is_not_a_positive_amount(text: str) -> None:
    with pytest.raises(ExpenseError) as raised:
        parse_amount(text)
    assert raised.value.code == "INVALID_AMOUNT"


def test_format_cents_always_shows_two_decimals() -> None:
    assert [format_cents(c) for c in (0, 7, 1250, 123456)] == ["0.00", "0.07", "12.50", "1234.56"]


def test_add_saves_the_expense_with_a_normalised_category(store: ExpenseStore) -> None:
    added = store.add("12.50", "  Food ", "lunch with  Ana", MAY_1)
    assert added == Expense(MAY_1, "food", 1250, "lunch with Ana")
    assert store.path.read_bytes() == b"date,category,amount,note\r\n2024-05-01,food,12.50,lunch with Ana\r\n"
    assert store.load() == [added]


def test_add_rejects_an_empty_category_and_writes_nothing(store: ExpenseStore) -> None:
    with pytest.raises(ExpenseError) as raised:
        store.add("5", "   ")
    assert raised.value.code == "EMPTY_CATEGORY"
    assert not store.path.exists()


def test_notes_with_commas_and_quotes_survive_the_round_trip(store: ExpenseStore) -> None:
    store.add("3", "food", 'bread, "good" butter', MAY_1)
    assert store.load()[0].note == 'bread, "good" butter'


def test_a_missing_file_is_no_expenses(store: ExpenseStore) -> None:
    assert store.load() == []
    assert store.total() == 0
    assert store.totals_by_category() == {}
    assert not store.path.exists()


def test_totals_are_exact_in_cents(store: ExpenseStore) -> None:
    for amount in ("19.99", "0.01", "4.35", "0.29"):
        store.add(amount, "food", day=MAY_1)
    store.add("8.20", "transport", day=MAY_1)
    assert store.total() == 3284
    assert store.totals_by_category() == {"food": 2464, "transport": 820}


def test_list_filters_by_category_in_the_order_added(store: ExpenseStore) -> None:
    store.add("1", "rent", day=MAY_1)
    store.add("2", "food", day=MAY_1)
    store.add("3", "Rent", day=MAY_1)
    assert [e.amount_cents for e in store.list_expenses()] == [100, 200, 300]
    assert [e.amount_cents for e in store.list_expenses("RENT")] == [100, 300]
    assert store.list_expenses("travel") == []


def test_save_leaves_no_temporary_file(store: ExpenseStore) -> None:
    store.add("1", "food", day=MAY_1)
    store.add("2", "food", day=MAY_1)
    assert [p.name for p in store.path.parent.iterdir()] == ["expenses.csv"]


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("day,what,cost\n", "line 1: the header must be date,category,amount,note"),
        ("date,category,amount,note\n2024-05-01,food,12.50\n", "line 2: expected 4 columns, found 3"),
        ("date,category,amount,note\n2024-05-01,food,12.50,\nyesterday,food,1,\n", "line 3: date must be YYYY-MM-DD"),
        ("date,category,amount,note\n2024-05-01,food,lots,\n", "line 2: amount must be a number"),
    ],
)
def test_a_broken_file_is_reported_with_its_line_and_left_untouched(store: ExpenseStore, content: str, where: str) -> None:
    store.path.write_text(content, encoding="utf-8")
    with pytest.raises(ExpenseError) as raised:
        store.add("1", "food")
    assert raised.value.code == "BAD_FILE"
    assert f"{store.path} {where}" in str(raised.value)
    assert store.path.read_text(encoding="utf-8") == content


def test_default_file_is_in_the_current_folder_unless_expenses_file_is_set(tmp_path: Path) -> None:
    assert default_expense_file({}, tmp_path) == tmp_path / DEFAULT_FILE_NAME
    assert default_expense_file({"EXPENSES_FILE": "  "}, tmp_path) == tmp_path / DEFAULT_FILE_NAME
    assert default_expense_file({"EXPENSES_FILE": "home.csv"}, tmp_path) == tmp_path / "home.csv"
    assert default_expense_file({"EXPENSES_FILE": "/data/x.csv"}, tmp_path) == Path("/data/x.csv")
