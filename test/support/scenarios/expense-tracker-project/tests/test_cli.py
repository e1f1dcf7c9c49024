from pathlib import Path

import pytest

from expenses.cli import main


@pytest.fixture
def data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EXPENSES_FILE", raising=False)
    return tmp_path / "expenses.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_what_it_recorded(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", "12.5", "Food", "--note", "lunch", "--date", "2024-05-01") == (0, "Added 12.50 to food on 2024-05-01\n", "")
    assert data_file.exists()


def test_list_prints_tab_separated_lines_and_filters(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", "12.50", "food", "--note", "lunch", "--date", "2024-05-01")
    run(capsys, "add", "30", "transport", "--date", "2024-05-02")
    assert run(capsys, "list") == (0, "2024-05-01\t12.50\tfood\tlunch\n2024-05-02\t30.00\ttransport\t\n", "")
    assert run(capsys, "list", "--category", "Transport") == (0, "2024-05-02\t30.00\ttransport\t\n", "")
    assert run(capsys, "list", "--category", "rent") == (0, "No expenses in rent.\n", "")


def test_list_without_a_file_says_so_and_creates_nothing(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list") == (0, "No expenses yet.\n", "")
    assert not data_file.exists()


def test_total_and_total_by_category(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for amount, category in (("19.99", "food"), ("4.35", "food"), ("8.20", "transport")):
        run(capsys, "add", amount, category, "--date", "2024-05-01")
    assert run(capsys, "total") == (0, "Total: 32.54\n", "")
    assert run(capsys, "total", "--by-category") == (0, "food: 24.34\ntransport: 8.20\nTotal: 32.54\n", "")


def test_expenses_file_names_another_file(tmp_path: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXPENSES_FILE", str(tmp_path / "shared" / "home.csv"))
    run(capsys, "add", "5", "food", "--date", "2024-05-01")
    assert (tmp_path / "shared" / "home.csv").exists()
    assert not data_file.exists()


def test_user_errors_exit_1_with_a_message_on_stderr(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "add", "abc", "food") == (1, "", "expenses: amount must be a number like 12.50, not 'abc'\n")
    assert run(capsys, "add", "5", "food", "--date", "May 1") == (1, "", "expenses: date must be YYYY-MM-DD, not 'May 1'\n")
    assert not data_file.exists()


def test_usage_errors_exit_2(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["spend", "5"], ["add", "5"], ["total", "--monthly"]):
        with pytest.raises(SystemExit) as raised:
            main(argv)
        assert raised.value.code == 2, argv
        assert "usage: expenses" in capsys.readouterr().err
