"""Setting up a calibration session from the command line."""

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from qa_tui.cli import main
from qa_tui.services import accounts, calibration, interactions, scorecards
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel
from support import PASSPHRASE


@pytest.fixture
def run(admin, org, location, monkeypatch):
    monkeypatch.setenv("QA_TUI_DB", str(location.path) if location.is_sqlite else location.url)
    for name, role in [("mo", Role.QA_MANAGER), ("adam", Role.ASSESSOR), ("bea", Role.ASSESSOR)]:
        accounts.add_user(admin, name=name, role=role, passphrase=PASSPHRASE)
    manager = sign_in(location, "mo", PASSPHRASE)
    scorecards.publish(manager, scorecards.import_template(manager, "phone_call_review").id)
    interactions.record_interactions(admin, [interactions.NewInteraction(
        Channel.CALL, datetime.now(UTC), org[2], text="hello", external_ref="CALL-42")])
    runner = CliRunner()

    def invoke(*args, user="mo"):
        return runner.invoke(main, ["--user", user, *args], env={"QA_TUI_PASSPHRASE": PASSPHRASE})

    return invoke, manager


def test_create_and_list(run):
    invoke, manager = run
    name = scorecards.list_versions(manager)[0].name
    result = invoke("calibration", "create", "Week 10", "--scorecard", name, "--interaction", "CALL-42",
                    "--participant", "adam", "--participant", "bea", "--deadline", "2026-03-06 16:00")
    assert result.exit_code == 0, result.output
    assert [s.title for s in calibration.list_sessions(manager)] == ["Week 10"]
    assert "blind" in invoke("calibration", "list", user="adam").output


@pytest.mark.parametrize("args, message", [
    (("--scorecard", "Nope", "--interaction", "CALL-42", "--participant", "adam"), "No published scorecard is called 'Nope'"),
    (("--scorecard", "X", "--interaction", "CALL-42", "--participant", "adam", "--deadline", "soon"), "is not a date"),
])
def test_bad_input_is_one_sentence(run, args, message):
    result = run[0]("calibration", "create", "Week 11", *args)
    assert result.exit_code != 0 and message in result.stderr


def test_unknown_reference_and_role(run):
    invoke, manager = run
    name = scorecards.list_versions(manager)[0].name
    result = invoke("calibration", "create", "W", "--scorecard", name, "--interaction", "CALL-404", "--participant", "adam")
    assert result.exit_code == 1 and "no interaction with the id or reference 'CALL-404'" in result.stderr
    result = invoke("calibration", "create", "W", "--scorecard", name, "--interaction", "CALL-42", "--participant", "bea",
                    user="adam")
    assert result.exit_code == 1 and "may not" in result.stderr
