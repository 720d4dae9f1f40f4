"""`qa-tui report` and `qa-tui complaints` end to end on a small centre: files written, one-sentence errors."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa_tui.cli import main
from support import ADMIN, PASSPHRASE

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))
from test_report import small_centre  # noqa: E402


@pytest.fixture
def run(tmp_path):
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import resolve_location

    where = resolve_location(str(tmp_path / "qa.db"))
    init_database(where, ADMIN, PASSPHRASE)
    admin = sign_in(where, ADMIN, PASSPHRASE)
    small_centre(admin, where)
    admin.db.close()
    runner = CliRunner()

    def invoke(*args, user="mo"):
        return runner.invoke(main, [*args, "--db", str(tmp_path / "qa.db"), "--user", user],
                             env={"QA_TUI_PASSPHRASE": "role passphrase"})

    return invoke


def test_report_markdown_html_and_tables(run, tmp_path):
    result = run("report", "--from", "2026-01-05", "--to", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert "## 3. Analysis" in result.output and "Quixote" not in result.output
    out, tables = tmp_path / "review.html", tmp_path / "tables"
    result = run("report", "--from", "2026-01-05", "--to", "2026-03-01", "--team", "Billing", "--format", "html",
                 "--out", str(out), "--tables", str(tables), "--table-format", "parquet")
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>") and "Leeds / Billing" in out.read_text()
    assert (tables / "pareto_failing_criteria.parquet").exists()


def test_report_errors_are_one_sentence(run):
    result = run("report", "--from", "2026-03-01", "--to", "2026-01-05")
    assert result.exit_code == 2 and "ends (2026-01-05) before it starts" in result.output
    result = run("report", "--from", "2026-01-05", "--to", "2026-03-01", user="tl")
    assert result.exit_code == 1 and "may not produce service review reports" in result.output


def test_complaints_list_and_export(run, tmp_path):
    result = run("complaints", "list")
    assert result.exit_code == 0, result.output
    assert "C-000002" in result.output and "✗ breached" in result.output
    result = run("complaints", "list", "--out", str(tmp_path / "log.csv"))
    assert result.exit_code == 0 and "reference" in (tmp_path / "log.csv").read_text()
    result = run("complaints", "trends", "--days", "400")
    assert result.exit_code == 0 and "root cause  System: billing error" in result.output
