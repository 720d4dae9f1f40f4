"""Mystery shopping from the command line: a scenario, a shopper and a visit that joins the contacts to score."""

import pytest
from click.testing import CliRunner

from qa_tui.cli import main
from qa_tui.services import accounts, interactions
from qa_tui.services.permissions import Role
from support import ADMIN, PASSPHRASE


@pytest.fixture
def run(admin, org, location, monkeypatch):
    monkeypatch.setenv("QA_TUI_DB", str(location.path) if location.is_sqlite else location.url)
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase=PASSPHRASE)
    runner = CliRunner()

    def invoke(*args, user="mo"):
        return runner.invoke(main, ["--user", user, *args], env={"QA_TUI_PASSPHRASE": PASSPHRASE})

    return invoke


def test_scenario_shopper_and_visit(run, admin, org, tmp_path):
    added = run("mystery", "scenario", "add", "Moving home", "--channel", "branch_visit", "--persona", "First-time buyer",
                "--expect", "greeting=Greets within 30 seconds")
    assert added.exit_code == 0, added.output
    shopper_id = run("mystery", "shopper", "add", "Sam Secret").output.split()[-1].rstrip(".")
    notes = tmp_path / "notes.txt"
    notes.write_text("Served by Priya Sharma; I gave my mobile 07700 900123.")
    result = run("mystery", "visit", "--scenario", "Moving home", "--shopper", shopper_id, "--agent", str(org[2]),
                 "--at", "2026-03-03 14:30", "--notes", str(notes), "--place", "Leeds", "--minutes", "9")
    assert result.exit_code == 0, result.output
    assert "Moving home" in run("mystery", "scenario", "list").output
    assert interactions.count_interactions(admin) == 1


@pytest.mark.parametrize("args, message", [
    (("mystery", "scenario", "add", "X", "--channel", "call", "--expect", "no-equals"), "should read CRITERION=BEHAVIOUR"),
    (("mystery", "visit", "--scenario", "Nope", "--shopper", "x", "--agent", "y", "--at", "2026-01-01", "--notes", "setup.cfg"),
     "is not a shopper id"),
])
def test_bad_input_is_one_sentence(run, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "setup.cfg").write_text("notes")
    result = run(*args)
    assert result.exit_code != 0 and message in result.stderr


def test_only_managers(run):
    result = run("mystery", "shopper", "list", user=ADMIN)
    assert result.exit_code == 1 and "may not run mystery shopping" in result.stderr
