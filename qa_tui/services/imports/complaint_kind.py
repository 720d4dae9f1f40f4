"""The complaints import: a complaint log exported from another system, one complaint a row with as much of its
lifecycle as happened (acknowledged, escalated, HEAT, investigated, resolved with a root cause and redress, followed
up, closed with a lesson).

Every row is checked against the rules the complaint service applies step by step (`complaint_rules`): a lifecycle
the service could not have walked is rejected with one reason. Valid rows are written by `complaint_writer` exactly
as the service would have left them. Importing needs what logging and handling complaints needs (QA managers).
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from qa_tui.services.complaint_rules import CHANNELS, ESCALATION_LEVELS, REDRESS, SEVERITIES, lifecycle_problem
from qa_tui.services.imports.complaint_lookups import LOOKUPS as COMPLAINT_LOOKUPS
from qa_tui.services.imports.complaint_writer import write_complaints
from qa_tui.services.imports.core import Kind, register_kind
from qa_tui.services.imports.fields import Field
from qa_tui.services.imports.lookups import LOOKUPS
from qa_tui.store.models.base import utcnow

FIELDS = (
    Field("external_ref", "ref", ("ref", "reference", "complaint_ref", "complaint_reference", "complaint_id",
                                  "complaint_number", "case_ref", "case_reference", "case_id", "case_number", "id"),
          max_length=120, hashed=False),
    Field("received_on", "datetime", ("received", "received_date", "date_received", "received_at", "logged_on",
                                      "opened_on", "opened", "date"), required=True),
    Field("channel", "choice", ("complaint_channel", "received_by", "how_received"), required=True, choices=CHANNELS),
    Field("category", "complaint_category", ("complaint_category", "complaint_type", "type"), required=True),
    Field("severity", "choice", ("priority", "severity_level"), required=True, choices=SEVERITIES),
    Field("product", "text", ("product_or_service", "product_name", "service"), max_length=120),
    Field("text", "text", ("complaint", "complaint_text", "description", "details", "summary", "what_happened",
                           "verbatim", "customer_words"), required=True),
    Field("contact", "complaint_contact", ("contact_ref", "contact_reference", "contact_id", "interaction",
                                           "interaction_ref", "interaction_id", "call_id", "call_ref")),
    Field("customer_email", "customer_email", ("email", "email_address", "customer_email_address")),
    Field("customer_phone", "customer_phone", ("phone", "telephone", "phone_number", "mobile", "customer_telephone")),
    Field("team", "team", ("team_name",)),
    Field("agent", "agent", ("agent_name", "agent_id", "advisor", "adviser")),
    Field("owner", "text", ("handler", "complaint_owner", "case_owner", "assigned_to", "handled_by"), max_length=64),
    Field("legal", "complaint_legal", ("legal_tags", "legal_angles", "compliance", "compliance_tags", "regulation")),
    Field("acknowledged_on", "datetime", ("acknowledged", "acknowledged_date", "date_acknowledged", "ack_date",
                                          "acknowledged_at")),
    Field("escalated_on", "datetime", ("escalated", "escalated_date", "date_escalated", "escalation_date")),
    Field("escalation_reason", "text", ("escalated_because", "reason_for_escalation", "escalation_why")),
    Field("escalation_level", "int", ("escalated_to_level", "escalated_to"), low=min(ESCALATION_LEVELS),
          high=max(ESCALATION_LEVELS)),
    Field("heat", "complaint_heat", ("heat_steps", "heat_covered")),
    Field("heat_notes", "text", ("heat_note", "handling_notes")),
    Field("investigating_on", "datetime", ("investigation_started", "investigation_start", "investigation_started_on",
                                           "investigating", "investigated_on", "investigation_date")),
    Field("resolved_on", "datetime", ("resolved", "resolved_date", "date_resolved", "resolution_date",
                                      "final_response_on", "final_response_date")),
    Field("root_cause", "complaint_root_cause", ("cause", "root_cause_category")),
    Field("resolution", "text", ("resolution_text", "outcome", "what_was_done", "final_response_text")),
    Field("redress", "choice", ("remedy", "redress_type", "compensation_type"), choices=REDRESS),
    Field("redress_amount", "money", ("amount", "compensation", "redress_value", "refund_amount")),
    Field("followed_up_on", "datetime", ("followed_up", "follow_up_date", "followed_up_date", "date_followed_up",
                                         "follow_up_on")),
    Field("recovered", "bool", ("satisfaction_recovered", "recovery", "service_recovered")),
    Field("recovery_score", "int", ("follow_up_score", "recovery_satisfaction", "follow_up_satisfaction",
                                    "follow_up_csat"), low=1, high=5),
    Field("follow_up", "text", ("follow_up_answer", "follow_up_comment", "follow_up_notes", "customer_answer")),
    Field("lesson_on", "datetime", ("lesson_date", "lesson_learned_date", "lesson_learned_on", "learned_on")),
    Field("lesson", "text", ("lesson_learned", "lessons", "lessons_learned", "learning")),
    Field("closed_on", "datetime", ("closed", "closed_date", "date_closed", "closed_at")),
)
"""What a complaint log may hold; headers are matched by these names and aliases (or a mapping file)."""

_RULE_COLUMNS = ("received_on", "acknowledged_on", "escalated_on", "investigating_on", "resolved_on", "followed_up_on",
                 "lesson_on", "closed_on", "escalation_reason", "escalation_level", "root_cause", "resolution",
                 "redress", "redress_amount", "recovered", "recovery_score", "follow_up", "lesson")
_DATES = {"acknowledged": "acknowledged_on", "investigating": "investigating_on", "resolved": "resolved_on",
          "followed_up": "followed_up_on"}


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def row_problem(r: dict, today: date) -> str | None:
    """The one reason a row's lifecycle could not have been walked through the complaint service, or None."""
    if r["received_on"] is None:
        return None  # reported on its own cell
    closed = _day(r["closed_on"]) or _day(r["lesson_on"])
    dates = {step: _day(r[column]) for step, column in _DATES.items()} | {"closed": closed}
    return (_closing_problem(r) or lifecycle_problem(_day(r["received_on"]), dates, today, _day(r["escalated_on"]))
            or _escalation_problem(r) or _resolution_problem(r) or _follow_up_problem(r))


def _closing_problem(r: dict) -> str | None:
    if r["lesson_on"] and r["closed_on"] and r["lesson_on"].date() != r["closed_on"].date():
        return "the lesson learned closes the complaint, so its date must be the closed date"
    if (r["closed_on"] or r["lesson_on"]) and not r["lesson"]:
        return "closing a complaint records what was learned (the lesson is empty)"
    if r["lesson"] and not (r["closed_on"] or r["lesson_on"]):
        return "a lesson learned needs the date it closed the complaint"
    return None


def _escalation_problem(r: dict) -> str | None:
    if r["escalated_on"] and not r["escalation_reason"]:
        return "an escalation needs a reason"
    if not r["escalated_on"] and (r["escalation_reason"] or r["escalation_level"]):
        return "an escalation reason or level needs the date it was escalated"
    return None


def _resolution_problem(r: dict) -> str | None:
    if r["resolved_on"]:
        if not r["root_cause"]:
            return "a resolution needs a root cause"
        if not r["resolution"]:
            return "a resolution says what was done for the customer (the resolution is empty)"
        return None
    given = [f for f in ("root_cause", "resolution", "redress", "redress_amount") if r[f] is not None]
    return f"{given[0].replace('_', ' ')} given but the complaint was never resolved" if given else None


def _follow_up_problem(r: dict) -> str | None:
    if r["followed_up_on"]:
        return None if r["recovered"] is not None else "a follow-up says whether the customer's satisfaction recovered"
    given = [f for f in ("recovered", "recovery_score", "follow_up") if r[f] is not None]
    return f"{given[0].replace('_', ' ')} given but the complaint was never followed up" if given else None


def _row_rule() -> pl.Expr:
    today = utcnow().date()
    return pl.struct(*_RULE_COLUMNS).map_elements(lambda r: row_problem(r, today), return_dtype=pl.Utf8,
                                                  skip_nulls=False)


LOOKUPS.update(COMPLAINT_LOOKUPS)
COMPLAINTS = register_kind(Kind("complaints", FIELDS, "complaint", "natural_key", write_complaints, _row_rule))
