"""`qa-tui import complaints FILE` end to end: the report on stdout, each bad row on stderr, --strict's exit code."""

import pytest
from click.testing import CliRunner

from qa_tui.cli import main

PASS = "correct horse battery"
LOG = ("Ref,Received,Channel,Category,Severity,Complaint,Acknowledged,Investigation started\n"
       "A1,2026-02-02,email,Billing,high,Charged twice.,2026-02-03,\n"
       "A2,2026-02-02,letter,Service,low,Nobody called back.,,2026-02-04\n")


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_TUI_DB", str(tmp_path / "qa.db"))
    runner = CliRunner()

    def invoke(*args, user="ann"):
        return runner.invoke(main, [*args, "--user", user] if args[0] != "user" else list(args),
                             env={"QA_TUI_PASSPHRASE": PASS, "QA_TUI_NEW_PASSPHRASE": PASS})

    assert runner.invoke(main, ["init", "--user", "ann"], env={"QA_TUI_PASSPHRASE": PASS}).exit_code == 0
    return invoke


def test_a_qa_manager_imports_a_complaint_log(run, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    assert run("user", "add", "mo", "--role", "qa_manager", "--user", "ann").exit_code == 0
    refused = run("import", "complaints", str(path))
    assert refused.exit_code != 0 and "may not log and handle complaints" in refused.output
    strict = run("import", "complaints", str(path), "--strict", user="mo")
    assert strict.exit_code == 1 and "Nothing imported" in strict.output
    result = run("import", "complaints", str(path), user="mo")
    assert result.exit_code == 0, result.output
    assert "Imported 1 complaints of 2 rows from log.csv; 1 rejected (see log.rejects.csv)." in result.output
    assert "row 3, (row) = '': investigation started on 2026-02-04 but never acknowledged" in result.output
