"""`qa-tui retention`, `qa-tui subject` and `qa-tui redaction` end to end, and their one-sentence errors."""

import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from qa_tui.cli import main

PASS = "correct horse battery"


@pytest.fixture
def centre(tmp_path, monkeypatch):
    """A database with a customer who made one old contact; returns (run, customer id, interaction id)."""
    from qa_tui.services import interactions, people
    from qa_tui.services.unlock import init_database, sign_in
    from qa_tui.store.engine import resolve_location
    from qa_tui.store.models import Channel

    where = resolve_location(str(tmp_path / "qa.db"))
    init_database(where, "ann", PASS)
    admin = sign_in(where, "ann", PASS)
    team = people.create_team(admin, people.create_site(admin, "Leeds"), "Billing")
    agent = people.create_agent(admin, team, "Priya Sharma")
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    text = "Hello Mr Quixote, our dog marmaduke ate the number 123456789012."
    interactions.record_interactions(admin, [interactions.NewInteraction(
        Channel.CALL, datetime.now(UTC) - timedelta(days=120), agent, text=text, customer_id=customer)])
    from sqlmodel import select

    from qa_tui.store.models import Interaction

    with admin.db.read() as session:
        interaction_id = session.exec(select(Interaction.id)).one()
    admin.db.close()
    monkeypatch.setenv("QA_TUI_DB", str(tmp_path / "qa.db"))
    runner = CliRunner()

    def run(*args, passphrase=PASS, input=None):
        return runner.invoke(main, ["--user", "ann", *args], env={"QA_TUI_PASSPHRASE": passphrase}, input=input)

    return run, str(customer), str(interaction_id)


def test_retention_show_set_and_runs(centre):
    run, _, _ = centre
    shown = run("retention", "show")
    assert shown.exit_code == 0 and "raw_transcripts" in shown.output and "90" in shown.output
    assert "now kept for 60 days" in run("retention", "set", "raw_transcripts", "60", "--reason", "DPO").output
    dry = run("retention", "run", "--dry-run")
    assert dry.exit_code == 0 and "raw transcripts: would remove 1" in dry.output and "nothing was changed" in dry.output
    done = run("retention", "run")
    assert done.exit_code == 0 and "raw transcripts: removed 1" in done.output
    assert "raw transcripts: would remove 0" in run("retention", "run", "--dry-run").output


def test_subject_export_then_erase(centre, tmp_path):
    run, customer, _ = centre
    out = tmp_path / "sar.json"
    result = run("subject", "export", customer, "--out", str(out), "--reason", "SAR-1")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["details"]["name"] == "Zebedee Quixote"
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    printed = json.loads(run("subject", "export", customer).output)
    assert printed["subject"]["id"] == customer
    assert run("subject", "erase", customer, input="n\n").exit_code != 0  # asked, and declined
    erased = run("subject", "erase", customer, "--yes", "--reason", "SAR-2")
    assert erased.exit_code == 0 and "Erased customer" in erased.output and "Kept:" in erased.output
    assert "Quixote" not in run("subject", "export", customer).output


def test_redaction_review_from_the_command_line(centre):
    run, _, interaction = centre
    assert "Queued 1 doubtful" in run("redaction", "scan").output
    queue = run("redaction", "queue").output
    item = queue.split()[0]
    assert "«123456789012»" in queue
    assert run("redaction", "accept", item).exit_code == 0
    assert "No doubtful detections" in run("redaction", "queue").output
    assert "Marked 1 span(s)" in run("redaction", "mark", interaction, "PERSON", "--find", "marmaduke").output
    assert "Cleared 1 span(s)" in run("redaction", "clear", interaction, "--span", "9:16").output


def test_a_request_by_email_finds_the_customer_and_is_exported_and_erased_by_it(centre, tmp_path):
    run, customer, _ = centre
    found = run("subject", "find", "--email", "ZQ@example.co.uk")
    assert found.exit_code == 0 and found.output.split() == [customer]
    exported = run("subject", "export", "zq@example.co.uk", "--out", str(tmp_path / "sar.json"))
    assert exported.exit_code == 0 and json.loads((tmp_path / "sar.json").read_text())["subject"]["id"] == customer
    declined = run("subject", "erase", "zq@example.co.uk", input="n\n")
    assert declined.exit_code != 0 and f"Erase customer {customer} for good?" in declined.stderr
    assert "Nothing was erased." in declined.stderr
    erased = run("subject", "erase", "zq@example.co.uk", "--yes")
    assert erased.exit_code == 0 and erased.output.startswith(f"Erased customer {customer} at ")
    assert run("subject", "find", "--email", "zq@example.co.uk").exit_code != 0  # its search index went too


@pytest.mark.parametrize("args, message", [
    (("retention", "set", "raw_transcripts", "ninety"), "'ninety' is not a number of days; give a whole number such as 90."),
    (("retention", "set", "raw_transcripts", "0"), "A retention period must be from 1 to 36,500 days, not 0."),
    (("retention", "set", "emails", "30"), "'emails' is not a kind of record with a retention period"),
    (("subject", "erase", "6f1c2a4e-0000-4000-8000-000000000000", "--yes"), "There is no customer, agent or mystery shopper with id"),
    (("subject", "export", "6f1c2a4e-0000-4000-8000-000000000000"), "There is no customer, agent or mystery shopper with id"),
    (("subject", "export", "bob"), "'bob' is not a record id"),
    (("subject", "export", "nobody@example.com"), "No customer has the email address nobody@example.com."),
    (("subject", "find", "--phone", "01632 960000"), "No customer has that email address or phone number."),
    (("subject", "find"), "Give an email or a phone number to search for."),
    (("redaction", "accept", "x"), "'x' is not the id of a review item."),
    (("redaction", "mark", "6f1c2a4e-0000-4000-8000-000000000000", "PERSON", "--span", "1-2"), "'1-2' is not a span"),
])
def test_bad_input_is_one_sentence_with_non_zero_exit(centre, args, message):
    run, _, _ = centre
    result = run(*args)
    assert result.exit_code != 0 and message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_forbidden_roles_get_one_sentence(centre):
    _, customer, _ = centre
    runner = CliRunner()
    env = {"QA_TUI_PASSPHRASE": PASS, "QA_TUI_NEW_PASSPHRASE": "ada passphrase"}
    assert runner.invoke(main, ["--user", "ann", "user", "add", "ada", "--role", "assessor"], env=env).exit_code == 0
    for args in (("subject", "erase", customer, "--yes"), ("subject", "export", customer), ("retention", "show")):
        result = runner.invoke(main, ["--user", "ada", *args], env={"QA_TUI_PASSPHRASE": "ada passphrase"})
        assert result.exit_code == 1 and result.stderr.startswith("qa-tui: ada (assessor) may not ")
        assert len(result.stderr.strip().splitlines()) == 1
