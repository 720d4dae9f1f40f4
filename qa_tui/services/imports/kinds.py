"""The built-in import kinds: interactions, survey responses and feedback items.

Each kind is a set of fields, the free texts of a batch with what the records know about them (the agent's name,
the linked customer's details), and a writer that takes the batch as a frame with the texts already redacted,
encrypts the original and the redacted copy under the data subject's key, and bulk-inserts. Another kind
(complaints) plugs in with `register_kind`, and may write row by row with the helpers at the end.
"""

from __future__ import annotations

import uuid

import polars as pl
import sqlalchemy as sa

from qa_tui.privacy.pool import Job
from qa_tui.services.imports.core import Kind, WriteContext, register_kind
from qa_tui.services.imports.fields import Field
from qa_tui.services.sealing import Sealed, SealPlan, plan_seal
from qa_tui.services.people import subject_key
from qa_tui.store.bulk import insert_frame
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


def _column(frame: pl.DataFrame, *names: str) -> pl.Series:
    """The first non-null of `names`, as text (columns a lookup adds exist only when their field is mapped)."""
    present = [pl.col(n).cast(pl.Utf8) for n in names if n in frame.columns]
    if not present:
        return _nulls(frame, names[0])
    return frame.select(pl.coalesce(present).alias(names[0]))[names[0]]


def _nulls(frame: pl.DataFrame, name: str) -> pl.Series:
    return pl.Series(name, [None] * frame.height, dtype=pl.Utf8)


def _survey_agents(frame: pl.DataFrame) -> pl.Series:
    return _column(frame, "agent_id", "interaction_ref_agent_id")


def survey_texts(context: WriteContext, frame: pl.DataFrame) -> list[Job]:
    return context.known.jobs(frame["verbatim"], _survey_agents(frame), _column(frame, "interaction_ref_customer_id"))


def plan_surveys(context: WriteContext, frame: pl.DataFrame, ids: pl.Series) -> SealPlan:
    return plan_seal(context.session, context.actor.db.vault, "survey_response", ("verbatim", "redacted"), ids,
                     frame["verbatim"], _column(frame, "interaction_ref_subject_id"))


def write_surveys(context: WriteContext, frame: pl.DataFrame, ids: pl.Series, sealed: Sealed) -> pl.Series:
    rows = frame.select(
        ids, pl.col("__key").alias("natural_key"), "external_ref", "responded_at",
        _column(frame, "channel", "interaction_ref_channel"), _column(frame, "interaction_ref_id").alias("interaction_id"),
        _survey_agents(frame), pl.col("csat", "nps", "ces").cast(pl.Int64), pl.col("fcr").cast(pl.Boolean),
        _source(context), _now(),
    )
    return _insert(context, SurveyResponse, rows, sealed)


def feedback_texts(context: WriteContext, frame: pl.DataFrame) -> list[Job]:
    return context.known.jobs(frame["text"], _column(frame, "agent_id"), _nulls(frame, "none"))


def plan_feedback(context: WriteContext, frame: pl.DataFrame, ids: pl.Series) -> SealPlan:
    return plan_seal(context.session, context.actor.db.vault, "feedback_item", ("text", "redacted"), ids,
                     frame["text"], _nulls(frame, "none"))


def write_feedback(context: WriteContext, frame: pl.DataFrame, ids: pl.Series, sealed: Sealed) -> pl.Series:
    rows = frame.select(
        ids, pl.col("__key").alias("natural_key"), "external_ref", pl.col("kind").fill_null("other"), "received_at",
        _column(frame, "agent_id"), _column(frame, "team_id", "agent_team_id"),
        _column(frame, "site_id", "team_site_id", "agent_site_id"), _source(context), _now(),
    )
    return _insert(context, FeedbackItem, rows, sealed)


def interaction_texts(context: WriteContext, frame: pl.DataFrame) -> list[Job]:
    return context.known.jobs(frame["text"], _column(frame, "agent_id"), _nulls(frame, "none"))


def plan_interactions(context: WriteContext, frame: pl.DataFrame, ids: pl.Series) -> SealPlan:
    """As `interactions.record_interactions` stores a recorded contact: every contact has a subject of its own."""
    return plan_seal(context.session, context.actor.db.vault, "interaction", ("text", "redacted"), ids, frame["text"],
                     _nulls(frame, "none"), every_row=True)


def write_interactions(context: WriteContext, frame: pl.DataFrame, ids: pl.Series, sealed: Sealed) -> pl.Series:
    rows = frame.select(
        ids, "channel", "occurred_at", _column(frame, "agent_id"), _nulls(frame, "customer_id"),
        "duration_seconds", pl.col("__key").alias("external_ref"), _now(), pl.lit(1).alias("version"),
    )
    return _insert(context, Interaction, rows, sealed)


def _source(context: WriteContext) -> pl.Expr:
    return pl.col("source").cast(pl.Utf8).fill_null(context.source).alias("source")


def _now() -> pl.Expr:
    return pl.lit(utcnow(), pl.Datetime("us", "UTC")).alias("created_at")


def _insert(context: WriteContext, model, rows: pl.DataFrame, sealed: Sealed) -> pl.Series:
    insert_frame(context.session, DataSubject.__table__, sealed.subjects)
    insert_frame(context.session, model.__table__, pl.concat([rows, sealed.columns], how="horizontal"))
    return rows["id"]


register_kind(Kind("surveys", SURVEY_FIELDS, "survey_response", "natural_key", None, _survey_rule,
                   texts=survey_texts, seal_plan=plan_surveys, write_frame=write_surveys))
register_kind(Kind("feedback", FEEDBACK_FIELDS, "feedback_item", "natural_key", None,
                   texts=feedback_texts, seal_plan=plan_feedback, write_frame=write_feedback))
register_kind(Kind("interactions", INTERACTION_FIELDS, "interaction", "external_ref", None, key_prefix=False,
                   texts=interaction_texts, seal_plan=plan_interactions, write_frame=write_interactions))


# --- for kinds that write row by row (`Kind.write`) --------------------------------------------------------


def _redact(context: WriteContext, text: str) -> str:
    return context.redact(text)


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


from qa_tui.services.imports import complaint_kind  # noqa: E402,F401  (registers the complaints kind)
