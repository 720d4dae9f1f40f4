"""`qa-tui retention ...`, `qa-tui subject find|erase|export`, `qa-tui redaction ...`: the GDPR work, from scripts."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import click

from qa_tui.cli.common import database_options, sign_in
from qa_tui.errors import NotFound, UsageError


# --- retention --------------------------------------------------------------------------------------------


@click.group()
def retention() -> None:
    """How long each kind of record is kept, and the run that removes what is past its date (admins)."""


@retention.command("show")
@database_options
def retention_show() -> None:
    """List every kind of record with its retention period."""
    from qa_tui.services.privacy.retention import retention_settings

    click.echo(f"{'KIND':<22} {'DAYS':>6}  {'SET BY':<10} COVERS")
    for info in retention_settings(sign_in()):
        click.echo(f"{info.kind:<22} {info.days:>6,}  {info.changed_by or 'default':<10} {info.covers}")


@retention.command("set")
@click.argument("kind")
@click.argument("days")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@database_options
def retention_set(kind: str, days: str, reason: str) -> None:
    """Keep KIND of record for DAYS days."""
    from qa_tui.services.privacy.retention import check_kind, parse_days, set_retention

    check_kind(kind), parse_days(days)  # before the passphrase: a typing slip needs no sign-in
    info = set_retention(sign_in(), kind, days, reason=reason)
    click.echo(f"{info.label.capitalize()} are now kept for {info.days:,} days.")


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed; change nothing.")
@database_options
def retention_run(dry_run: bool) -> None:
    """Remove everything past its retention date and report the counts per kind."""
    from qa_tui.services.privacy.retention import run_retention

    for line in run_retention(sign_in(), dry_run=dry_run).lines():
        click.echo(line)


# --- data subjects ----------------------------------------------------------------------------------------


@click.group()
def subject() -> None:
    """People's rights: erasure and subject access (admins).

    PERSON is a customer's, an agent's or a mystery shopper's record id, or a customer's email address or phone
    number.
    """


@subject.command("find")
@click.option("--email", help="The customer's email address.")
@click.option("--phone", help="The customer's phone number.")
@database_options
def subject_find(email: str | None, phone: str | None) -> None:
    """List the record ids of the customers with this email address or phone number (exact, as stored)."""
    from qa_tui.services.people import find_customers

    found = find_customers(sign_in(), email=email, phone=phone)
    if not found:
        raise NotFound("No customer has that email address or phone number.")
    for customer_id in found:
        click.echo(str(customer_id))


@subject.command("erase")
@click.argument("person", metavar="PERSON")
@click.option("--reason", default="", help="Why, e.g. the request's reference (kept in the audit trail).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@database_options
def subject_erase(person: str, reason: str, yes: bool) -> None:
    """Erase a customer, an agent or a mystery shopper for good; report what was erased and kept."""
    from qa_tui.services.privacy.common import person_text, person_to_erase
    from qa_tui.services.privacy.erasure import erase_subject

    person_text(person)
    actor = sign_in()
    record = person_to_erase(actor, person)
    question = f"Erase {record.noun} {record.record_id} for good? It cannot be undone"
    if not yes and not click.confirm(question, err=True, default=False):
        raise UsageError("Nothing was erased.")
    for line in erase_subject(actor, record.record_id, reason=reason).lines():
        click.echo(line)


@subject.command("export")
@click.argument("person", metavar="PERSON")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this new file (readable by you only).")
@click.option("--reason", default="", help="Why, e.g. the request's reference (kept in the audit trail).")
@database_options
def subject_export(person: str, out: Path | None, reason: str) -> None:
    """Export everything held about a customer, an agent or a mystery shopper as JSON."""
    from qa_tui.services.privacy.common import person_text, resolve_person
    from qa_tui.services.privacy.subject_access import check_export_path, export_subject, write_export

    person_text(person)
    if out is not None:
        check_export_path(out)
    actor = sign_in()
    document = export_subject(actor, resolve_person(actor, person), reason=reason)
    if out is None:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    write_export(out, document)
    click.echo(f"Wrote {out}: it holds personal data; send it securely and delete it afterwards.")


# --- reviewing redactions ---------------------------------------------------------------------------------


@click.group()
def redaction() -> None:
    """Review redactions: doubtful detections, missed personal data, false detections (admins, QA managers)."""


@redaction.command("scan")
@click.option("--limit", default=2000, show_default=True, help="Interactions to scan in this run.")
@database_options
def redaction_scan(limit: int) -> None:
    """Queue the doubtful detections of interactions not scanned yet."""
    from qa_tui.services.privacy.review import scan_for_review

    click.echo(f"Queued {scan_for_review(sign_in(), limit=limit):,} doubtful detection(s) for review.")


@redaction.command("queue")
@click.option("--limit", default=50, show_default=True, help="How many items to show.")
@database_options
def redaction_queue(limit: int) -> None:
    """List doubtful detections waiting for a decision, with the words around them (the view is audited)."""
    from qa_tui.services.privacy.review import review_queue

    items = review_queue(sign_in(), limit=limit)
    if not items:
        click.echo("No doubtful detections are waiting.")
    for item in items:
        click.echo(f"{item.id}  {item.label} ({item.score:.2f})  interaction {item.interaction_id}\n    {item.excerpt}")


@redaction.command("accept")
@click.argument("item_id", metavar="ITEM")
@click.option("--reason", default="", help="Kept in the audit trail.")
@database_options
def redaction_accept(item_id: str, reason: str) -> None:
    """ITEM is personal data: redact it from now on."""
    from qa_tui.services.privacy.review import decide

    decide(sign_in(), _id(item_id, "review item"), accept=True, reason=reason)
    click.echo("Accepted: the redacted copy now hides it.")


@redaction.command("reject")
@click.argument("item_id", metavar="ITEM")
@click.option("--reason", default="", help="Kept in the audit trail.")
@database_options
def redaction_reject(item_id: str, reason: str) -> None:
    """ITEM is not personal data: leave the words as they are."""
    from qa_tui.services.privacy.review import decide

    decide(sign_in(), _id(item_id, "review item"), accept=False, reason=reason)
    click.echo("Rejected: the words stay in the redacted copy.")


def _span_options(command):
    command = click.option("--find", "find", metavar="WORDS", help="Every occurrence of these words (any case).")(command)
    command = click.option("--span", "spans", metavar="START:END", multiple=True,
                           help="Character offsets in the original text (repeatable).")(command)
    return click.option("--reason", default="", help="Kept in the audit trail.")(command)


@redaction.command("mark")
@click.argument("interaction_id", metavar="INTERACTION")
@click.argument("label")
@_span_options
@database_options
def redaction_mark(interaction_id: str, label: str, spans: tuple[str, ...], find: str | None, reason: str) -> None:
    """Mark personal data the detectors missed in INTERACTION as LABEL (e.g. PERSON), and re-render its copy."""
    from qa_tui.services.privacy.review import mark_personal_data

    count = mark_personal_data(sign_in(), _id(interaction_id, "interaction"), label, spans=_parse_spans(spans),
                               find=find, reason=reason)
    click.echo(f"Marked {count} span(s); the redacted copy was rendered again.")


@redaction.command("clear")
@click.argument("interaction_id", metavar="INTERACTION")
@_span_options
@database_options
def redaction_clear(interaction_id: str, spans: tuple[str, ...], find: str | None, reason: str) -> None:
    """Clear false detections in INTERACTION, so the redacted copy shows those words again."""
    from qa_tui.services.privacy.review import clear_detection

    count = clear_detection(sign_in(), _id(interaction_id, "interaction"), spans=_parse_spans(spans), find=find, reason=reason)
    click.echo(f"Cleared {count} span(s); the redacted copy was rendered again.")


def _parse_spans(values: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for value in values:
        start, _, end = value.partition(":")
        if not (start.strip().isdigit() and end.strip().isdigit()):
            raise UsageError(f"{value!r} is not a span; write START:END, e.g. 12:20.")
        spans.append((int(start), int(end)))
    return spans


def _id(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise UsageError(f"{value!r} is not the id of a {what}.") from None
