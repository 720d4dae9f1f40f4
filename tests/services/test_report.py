"""The service review on a small centre, on each engine: every section, plain words where data is missing, charts,
no personal data, recommendations linked to their analysis, and table exports."""

from datetime import UTC, date, datetime, timedelta

import pytest

from qa_tui.domain.scorecard import Method
from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.report import to_html, to_markdown
from qa_tui.services import accounts, actions, complaints, evaluations, interactions, people, scorecards
from qa_tui.services.export import write_table, write_tables
from qa_tui.services.permissions import Role
from qa_tui.services.report import build_report
from qa_tui.services.unlock import sign_in
from qa_tui.store.models import Channel

START, END, TODAY = date(2026, 1, 5), date(2026, 3, 1), date(2026, 3, 2)


def small_centre(admin, location):
    """Two teams, a QA manager and an analyst, 16 scored calls (a verification problem early on), complaints and
    one checked action. Returns the QA manager, signed in."""
    site = people.create_site(admin, "Leeds")
    billing, retentions = people.create_team(admin, site, "Billing"), people.create_team(admin, site, "Retentions")
    agent = people.create_agent(admin, billing, "Priya Sharma")
    other = people.create_agent(admin, retentions, "Grace Okafor")
    customer = people.create_customer(admin, name="Zebedee Quixote", email="zq@example.co.uk")
    for name, role in (("mo", Role.QA_MANAGER), ("ana", Role.ANALYST), ("tl", Role.TEAM_LEADER)):
        accounts.add_user(admin, name=name, role=role, passphrase="role passphrase",
                          teams=["Billing"] if role == Role.TEAM_LEADER else ())
    manager = sign_in(location, "mo", "role passphrase")
    version = scorecards.import_template(manager, "phone_call_review").id
    scorecards.publish(manager, version)
    card = scorecards.get_scorecard(manager, version)
    when = [datetime(2026, 1, 5, 10, tzinfo=UTC) + timedelta(days=3 * i) for i in range(16)]
    ids = interactions.record_interactions(admin, [
        interactions.NewInteraction(Channel.CALL, at, agent if i % 4 else other, text=f"Call {i} with Mr Quixote.",
                                    customer_id=customer) for i, at in enumerate(when)], return_ids=True)
    for i, interaction in enumerate(ids):
        answers = {c.key: (True if c.type == "yes_no" else c.highest) for c in card.criteria}
        if i < 8 and i % 2:
            answers["identity_verification"] = False
        if i % 3 == 0:
            answers["empathy"] = 0
        draft = evaluations.start(manager, interaction, version, Method.CALL_REVIEW)
        draft = evaluations.save_answers(manager, draft.id, answers, expected_version=draft.row_version)
        evaluations.submit(manager, draft.id, expected_version=draft.row_version)
    first = complaints.log_complaint(manager, complaints.NewComplaint(
        date(2026, 1, 12), "email", "Billing", "high", "Mr Quixote (zq@example.co.uk) was charged twice.",
        customer_id=customer, team_id=billing))
    complaints.log_complaint(manager, complaints.NewComplaint(date(2026, 2, 2), "call", "Service", "low", "Kept on hold.",
                                                              team_id=billing))
    complaints.acknowledge(manager, first, date(2026, 1, 13))
    complaints.resolve(manager, first, root_cause="System: billing error", resolution="Refunded.", on=date(2026, 1, 30))
    action = actions.create_action(manager, actions.NewAction(
        "Verification refresher", "criterion", "Identity checks missed.", "No missed checks by March.", "qa_pass_rate",
        90.0, "mo", date(2026, 3, 1), date(2026, 1, 5), date(2026, 2, 1), scope_kind="team", scope_id=billing),
        on=date(2026, 2, 2))
    actions.start_doing(manager, action, on=date(2026, 2, 2))
    actions.run_check(manager, action, date(2026, 2, 3), date(2026, 3, 1), on=TODAY)
    return manager


@pytest.fixture
def centre(admin, location):
    return small_centre(admin, location)


def test_the_review_has_every_section_with_evidence(centre):
    review = build_report(centre, START, END, TODAY)
    assert review.evaluations == 16 and review.volumes[0]["method"] == "call review"
    assert [(p["criterion"], p["failures"]) for p in review.pareto] == [("empathy", 6), ("identity_verification", 4)], review.pareto
    assert review.pareto[-1]["cumulative"] == 100.0
    assert {s["dimension"] for s in review.servqual} == {"assurance", "empathy", "reliability", "responsiveness"}
    assert review.standards[0]["target"] == "score >= 80%"
    assert review.complaints.total == 2 and review.complaints.root_causes == [("System: billing error", 1)]
    [action] = review.actions
    assert action.check["comparison"]["test"] == "two-proportion z"
    assert {r.evidence for r in review.recommendations} >= {"pareto", "servqual", "complaints", "actions"}
    markdown = to_markdown(review)
    for heading in ("## 1. Measurement plan", "## 2. Data collected", "## 3. Analysis", "### Pareto of failing criteria",
                    "### SERVQUAL dimensions", "## 4. Complaints", "## 5. Improvement actions", "## Recommendations"):
        assert heading in markdown
    assert "█" in markdown and "No calibration sessions were held" in markdown
    html = to_html(review)
    assert html.count("<svg") >= 5 and '<a href="#pareto">' in html and "<script" not in html
    for secret in ("Quixote", "zq@example.co.uk", "Priya", "Grace"):
        assert secret not in markdown and secret not in html


def test_missing_data_is_said_plainly(centre):
    review = build_report(centre, date(2025, 6, 1), date(2025, 6, 30), TODAY)
    markdown = to_markdown(review)
    assert "No evaluations were submitted for contacts in this period." in markdown
    assert "No complaints were received in this period and scope." in markdown
    assert "No scorecard was used in this period" in markdown


def test_scope_and_bad_inputs(centre, location):
    review = build_report(centre, START, END, TODAY, teams=("Retentions",))
    assert review.scope == "Leeds / Retentions" and review.evaluations == 4 and review.complaints.total == 0
    with pytest.raises(UsageError, match="no team named"):
        build_report(centre, START, END, TODAY, teams=("Nowhere",))
    with pytest.raises(UsageError, match="ends .* before it starts"):
        build_report(centre, END, START, TODAY)
    with pytest.raises(PermissionDenied):
        build_report(sign_in(location, "tl", "role passphrase"), START, END, TODAY)
    assert build_report(sign_in(location, "ana", "role passphrase"), START, END, TODAY).complaint_policy == ""


def test_tables_export_to_csv_parquet_and_xlsx(centre, tmp_path):
    import polars as pl

    review = build_report(centre, START, END, TODAY)
    written = write_tables(review.tables(), tmp_path / "csv", "csv")
    assert (tmp_path / "csv" / "pareto_failing_criteria.csv") in written
    assert pl.read_csv(tmp_path / "csv" / "volumes.csv")["evaluations"].to_list() == [16]
    write_table(review.pareto, tmp_path / "pareto.parquet")
    assert pl.read_parquet(tmp_path / "pareto.parquet").height == len(review.pareto)
    with pytest.raises(UsageError, match="Export formats"):
        write_table(review.pareto, tmp_path / "pareto.doc")
    pytest.importorskip("xlsxwriter")
    write_table(review.pareto, tmp_path / "pareto.xlsx")
    assert (tmp_path / "pareto.xlsx").stat().st_size > 0
