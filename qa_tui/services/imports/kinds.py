"""The built-in import kinds: interactions, survey responses and feedback items.

Each kind is a set of fields and a writer that redacts free text, encrypts the original and the redacted copy
under the data subject's key, and inserts a batch with executemany. Another kind (complaints) plugs in with
`register_kind`.
"""

from __future__ import annotations

import uuid

import polars as pl
import sqlalchemy as sa

from qa_tui.services.imports.core import Kind, WriteContext, register_kind
from qa_tui.services.imports.fields import Field
from qa_tui.services.people import subject_key
from qa_tui.store.models import Channel, DataSubject, FeedbackItem, Interaction, SubjectKind, SurveyResponse
from qa_tui.store.models.base import new_id, utcnow
from qa_tui.store.vault import encrypt_field, field_aad

CHANNELS = tuple(c.value for c in Channel)
REF = Field("external_ref", "ref", ("ref", "reference", "id", "response_id", "survey_id", "card_id", "note_id"),
            max_length=120, hashed=False)
SOURCE = Field("source", "text", ("vendor", "origin"), max_length=64, hashed=False)

SURVEY_FIELDS = (
    REF,
    Field("responded_at", "datetime", ("date", "response_date", "responded", "submitted_at", "completed_at",
                                       "timestamp", "survey_date"), required=True),
    Field("interaction_ref", "contact", ("interaction", "contact", "contact_ref", "contact_id", "call_id",
                                         "interaction_id")),
    Field("agent", "agent", ("agent_name", "agent_id", "advisor", "adviser")),
    Field("channel", "choice", ("contact_channel",), choices=CHANNELS),
    Field("csat", "int", ("satisfaction", "csat_score", "overall_satisfaction"), low=1, high=5),
    Field("nps", "int", ("nps_score", "recommend", "likelihood_to_recommend", "ltr"), low=0, high=10),
    Field("ces", "int", ("effort", "ces_score", "customer_effort"), low=1, high=7),
    Field("fcr", "bool", ("resolved", "first_contact_resolution", "resolved_first_time", "fcr_flag")),
    Field("verbatim", "text", ("comment", "comments", "feedback", "free_text", "why", "text")),
    SOURCE,
)

FEEDBACK_FIELDS = (
    REF,
    Field("received_at", "datetime", ("date", "received", "created_at", "timestamp", "held_on"), required=True),
    Field("kind", "choice", ("type", "feedback_type", "source_type"), choices=("comment_card", "focus_group", "other")),
    Field("site", "site", ("branch", "site_name", "location")),
    Field("team", "team", ("team_name",)),
    Field("agent", "agent", ("agent_name", "agent_id", "advisor")),
    Field("text", "text", ("note", "notes", "comment", "comments", "feedback", "verbatim"), required=True),
    SOURCE,
)

INTERACTION_FIELDS = (
    Field("external_ref", "ref", ("ref", "reference", "contact_id", "call_id", "interaction_id", "id"),
          max_length=120, hashed=False),
    Field("occurred_at", "datetime", ("date", "started_at", "start", "timestamp", "contact_date"), required=True),
    Field("channel", "choice", ("contact_channel", "type", "medium"), required=True, choices=CHANNELS),
    Field("agent", "agent", ("agent_name", "agent_id", "advisor"), required=True),
    Field("duration_seconds", "int", ("duration", "handle_time", "aht", "seconds"), low=0, high=86_400),
    Field("text", "text", ("transcript", "notes", "body")),
)


def _survey_rule() -> pl.Expr:
    answered = pl.any_horizontal(pl.col(c).is_not_null() for c in ("csat", "nps", "ces", "fcr", "verbatim"))
    return pl.when(~answered).then(pl.lit("no answer: a response needs CSAT, NPS, CES, FCR or a verbatim"))


def _redact(context: WriteContext, text: str) -> str:
    redacted = context.memo.get(text)
    if redacted is None:
        from qa_tui.privacy.redact import redact

        redacted = context.memo[text] = redact(text).text
        if len(context.memo) > 100_000:
            context.memo.clear()
    return redacted


def _uuid(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


class _Subjects:
    """Whose words a text is: the linked contact's subject, or a new anonymous one (inserted before the rows)."""

    def __init__(self, context: WriteContext) -> None:
        self.context, self.new_rows = context, []

    def key_for(self, subject_id: uuid.UUID | None) -> tuple[uuid.UUID, bytes]:
        vault = self.context.actor.db.vault
        if subject_id is None:
            subject_id = new_id()
            key, wrapped = vault.new_subject_key(subject_id)
            self.new_rows.append({"id": subject_id, "kind": SubjectKind.CUSTOMER.value, "wrapped_key": wrapped,
                                  "key_id": vault.key_id, "created_at": utcnow(), "erased_at": None})
            return subject_id, key
        return subject_id, subject_key(self.context.session, vault, subject_id)

    def insert(self) -> None:
        if self.new_rows:
            self.context.session.execute(sa.insert(DataSubject.__table__), self.new_rows)


def _texts(context: WriteContext, subjects: _Subjects, table: str, columns: tuple[str, str], row_id: uuid.UUID,
           text: str | None, subject_id: uuid.UUID | None) -> dict:
    if text is None:
        return {"subject_id": subject_id, f"{columns[0]}_enc": None, f"{columns[1]}_enc": None}
    subject_id, key = subjects.key_for(subject_id)
    redacted = _redact(context, text)
    return {"subject_id": subject_id,
            f"{columns[0]}_enc": encrypt_field(key, text, field_aad(table, columns[0], row_id)),
            f"{columns[1]}_enc": encrypt_field(key, redacted, field_aad(table, columns[1], row_id))}


def write_surveys(context: WriteContext, rows: list[dict]) -> list[uuid.UUID]:
    subjects, out, now = _Subjects(context), [], utcnow()
    for r in rows:
        row_id = new_id()
        agent = r.get("agent_id") or r.get("interaction_ref_agent_id")
        out.append({
            "id": row_id, "natural_key": r["__key"], "external_ref": r["external_ref"], "responded_at": r["responded_at"],
            "channel": r["channel"] or r.get("interaction_ref_channel"),
            "interaction_id": _uuid(r.get("interaction_ref_id")), "agent_id": _uuid(agent),
            "csat": r["csat"], "nps": r["nps"], "ces": r["ces"], "fcr": r["fcr"],
            "source": r["source"] or context.source, "created_at": now,
            **_texts(context, subjects, "survey_response", ("verbatim", "redacted"), row_id, r["verbatim"],
                     _uuid(r.get("interaction_ref_subject_id"))),
        })
    subjects.insert()
    context.session.execute(sa.insert(SurveyResponse.__table__), out)
    return [row["id"] for row in out]


def write_feedback(context: WriteContext, rows: list[dict]) -> list[uuid.UUID]:
    subjects, out, now = _Subjects(context), [], utcnow()
    for r in rows:
        row_id = new_id()
        out.append({
            "id": row_id, "natural_key": r["__key"], "external_ref": r["external_ref"], "kind": r["kind"] or "other",
            "received_at": r["received_at"], "agent_id": _uuid(r.get("agent_id")),
            "team_id": _uuid(r.get("team_id") or r.get("agent_team_id")),
            "site_id": _uuid(r.get("site_id") or r.get("team_site_id") or r.get("agent_site_id")),
            "source": r["source"] or context.source, "created_at": now,
            **_texts(context, subjects, "feedback_item", ("text", "redacted"), row_id, r["text"], None),
        })
    subjects.insert()
    context.session.execute(sa.insert(FeedbackItem.__table__), out)
    return [row["id"] for row in out]


def write_interactions(context: WriteContext, rows: list[dict]) -> list[uuid.UUID]:
    """Through the interactions service's own row builder, so imported contacts are stored exactly like recorded ones."""
    from qa_tui.services.interactions import NewInteraction, anonymous_subject, interaction_row

    vault, session, subjects, out = context.actor.db.vault, context.session, [], []
    for r in rows:
        text = r["text"]
        item = NewInteraction(Channel(r["channel"]), r["occurred_at"], uuid.UUID(r["agent_id"]), text=text,
                              redacted_text=None if text is None else _redact(context, text),
                              duration_seconds=r["duration_seconds"], external_ref=r["__key"])
        out.append(interaction_row(vault, session, item, anonymous_subject(vault, subjects)))
    if subjects:
        session.execute(sa.insert(DataSubject.__table__), subjects)
    session.execute(sa.insert(Interaction.__table__), out)
    return [row["id"] for row in out]


register_kind(Kind("surveys", SURVEY_FIELDS, "survey_response", "natural_key", write_surveys, _survey_rule))
register_kind(Kind("feedback", FEEDBACK_FIELDS, "feedback_item", "natural_key", write_feedback))
register_kind(Kind("interactions", INTERACTION_FIELDS, "interaction", "external_ref", write_interactions, key_prefix=False))
from qa_tui.services.imports import complaint_kind  # noqa: E402,F401  (registers the complaints kind)
