"""The complaint import's cells that need the store or a vocabulary: categories and root causes from the policy in
force, customers by exact email or phone (blind index), contacts by reference, legal angles, HEAT steps and money.

Each is a lookup in the import pipeline's sense: it adds typed columns beside the cell's text and reports the cells
it cannot read as row errors naming the file's column, so every bad value gets its own line in the report.
"""

from __future__ import annotations

import re
from typing import Callable

import polars as pl
import sqlalchemy as sa
from sqlmodel import Session

from qa_tui.errors import UsageError
from qa_tui.services.complaint_rules import HEAT_STEPS, LEGAL, heat_record, legal_record
from qa_tui.services.complaints import policy_in_force
from qa_tui.services.imports.lookups import CHUNK, without_erased_contacts
from qa_tui.services.people import normalise_email, normalise_phone
from qa_tui.services.permissions import require_import
from qa_tui.services.session import Actor
from qa_tui.store.models import Customer, Interaction
from qa_tui.store.models.base import utcnow

Reader = Callable[[str], tuple[object, str | None]]
"""A cell's text -> (typed value or tuple of values, or None and the reason it cannot be read)."""


def _per_value(typed: pl.DataFrame, name: str, header: str, read: Reader,
               outs: dict[str, pl.DataType]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read each distinct value once (files repeat a handful of categories thousands of times) and join back."""
    values = typed[name].drop_nulls().unique().to_list()
    results = [read(v) for v in values]
    single = len(outs) == 1
    columns = {out: [None if r[0] is None else (r[0] if single else r[0][i]) for r in results]
               for i, out in enumerate(outs)}
    table = pl.DataFrame({"__v": values, **columns, "__why": [r[1] for r in results]},
                         schema={"__v": pl.Utf8, **outs, "__why": pl.Utf8})
    joined = typed.join(table, left_on=name, right_on="__v", how="left", maintain_order="left")
    errors = joined.filter(pl.col("__why").is_not_null()).select(
        pl.col("__row").alias("row"), pl.lit(header).alias("column"), pl.col(name).alias("value"),
        pl.col("__why").alias("why"))
    return joined.drop("__why"), errors


def _from_list(allowed: tuple[str, ...], what: str) -> Reader:
    by_lower = {a.lower(): a for a in allowed}

    def read(value: str) -> tuple[str | None, str | None]:
        found = by_lower.get(value.strip().lower())
        return (found, None) if found else (None, f"not {what} ({', '.join(allowed)})")

    return read


def categories(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    # The category is required, so this runs for every complaint import: the earliest point that knows the actor.
    require_import(actor, "complaints")
    policy = policy_in_force(session)
    typed, errors = _per_value(typed, name, header, _from_list(policy.categories, "a complaint category in the policy"),
                               {f"{name}_name": pl.Utf8})
    return typed, pl.concat([errors, _deadline_errors(typed, policy)])


def _deadline_errors(typed: pl.DataFrame, policy) -> pl.DataFrame:
    """Rows received on a day whose deadlines cannot be worked out: the bank holidays are known for
    `working_days.COVERED_YEARS` only (1872-2100 in holidays 0.109), so in practice a received date before 1872 or a
    policy whose final response runs past 2100."""
    bad, today = [], utcnow().date()
    for day in typed["received_on"].drop_nulls().dt.date().unique().to_list():
        if day > today:
            continue  # the row rule reports a complaint from the future; one reason is enough
        try:
            policy.deadlines(day)
        except UsageError:
            bad.append(day)
    rows = typed.filter(pl.col("received_on").dt.date().is_in(bad))
    return rows.select(pl.col("__row").alias("row"), pl.lit("(row)").alias("column"),
                       pl.col("received_on").dt.date().cast(pl.Utf8).alias("value"),
                       pl.lit("its deadlines fall outside the years whose bank holidays are known").alias("why"))


def root_causes(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    causes = policy_in_force(session).root_causes
    return _per_value(typed, name, header, _from_list(causes, "in the root-cause taxonomy"), {f"{name}_name": pl.Utf8})


def _words(value: str) -> list[str]:
    return [re.sub(r"[\s-]+", "_", w.strip().lower()) for w in re.split(r"[,;|/+]", value) if w.strip()]


_LEGAL_NAMES = {**{k: k for k in LEGAL}, **{re.sub(r"[\s-]+", "_", v.lower()): k for k, v in LEGAL.items()}}
_HEAT_NAMES = {**{s: s for s in HEAT_STEPS}, "ownership": "take_ownership", "empathize": "empathise",
               "apologize": "apologise", "listen": "hear"}


def _named(names: dict[str, str], record: Callable, what: str) -> Reader:
    def read(value: str) -> tuple[str | None, str | None]:
        words = _words(value)
        unknown = [w for w in words if w not in names]
        if unknown:
            return None, f"{unknown[0]!r} is not {what}"
        return record([names[w] for w in words]), None

    return read


def legal_angles(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    read = _named(_LEGAL_NAMES, legal_record, f"a legal angle ({', '.join(LEGAL)})")
    return _per_value(typed, name, header, read, {f"{name}_json": pl.Utf8})


def heat_steps(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    read = _named(_HEAT_NAMES, lambda steps: heat_record((), steps), f"a HEAT step ({', '.join(HEAT_STEPS)})")
    return _per_value(typed, name, header, read, {f"{name}_json": pl.Utf8})


def _money(value: str) -> tuple[float | None, str | None]:
    try:
        amount = float(re.sub(r"[£,\s]|GBP", "", value, flags=re.IGNORECASE))
    except ValueError:
        return None, "not an amount of money"
    return (amount, None) if amount >= 0 else (None, "a redress amount cannot be negative")


def amounts(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    return _per_value(typed, name, header, _money, {f"{name}_value": pl.Float64})


def contacts(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    """The contact complained about, by its reference: the interaction, its customer (if known) and its agent."""
    refs = typed[name].drop_nulls().unique().to_list()
    found: dict[str, tuple[str, str | None, str]] = {}
    columns = (Interaction.external_ref, Interaction.id, Interaction.customer_id, Interaction.agent_id)
    for start in range(0, len(refs), CHUNK):
        query = sa.select(*columns).where(Interaction.external_ref.in_(refs[start:start + CHUNK]))
        for ref, interaction_id, customer_id, agent_id in session.execute(query):
            found[ref] = (str(interaction_id), customer_id and str(customer_id), str(agent_id))

    def read(ref: str):
        return (found[ref], None) if ref in found else (None, "no contact with this reference")

    outs = {f"{name}_id": pl.Utf8, f"{name}_customer_id": pl.Utf8, f"{name}_agent_id": pl.Utf8}
    typed, errors = _per_value(typed, name, header, read, outs)
    return without_erased_contacts(session, actor, typed, errors)


def _customers_by(index_column, normalise: Callable[[str], str], what: str):
    """A lookup of customers by the blind index of their email or phone: exact values only, never decrypting."""

    def lookup(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
        vault = actor.db.vault
        indexes = {v: vault.blind_index(normalise(v)) for v in typed[name].drop_nulls().unique().to_list()}
        found: dict[bytes, list[str]] = {}
        wanted = list(set(indexes.values()))
        for start in range(0, len(wanted), CHUNK):
            query = sa.select(index_column, Customer.id).where(index_column.in_(wanted[start:start + CHUNK]))
            for index, customer_id in session.execute(query):
                found.setdefault(index, []).append(str(customer_id))

        def read(value: str):
            ids = found.get(indexes[value], [])
            if len(ids) == 1:
                return ids[0], None
            return None, "matches more than one customer; give the contact instead" if ids else f"no customer with this {what}"

        typed, errors = _per_value(typed, name, header, read, {f"{name}_customer_id": pl.Utf8})
        return typed, pl.concat([errors, *_disagreements(typed, name, header, what)])

    return lookup


def _disagreements(typed: pl.DataFrame, name: str, header: str, what: str) -> list[pl.DataFrame]:
    """Rows whose contact, email and phone point at different customers (fields are looked up in that order)."""
    mine, found = pl.col(f"{name}_customer_id"), []
    for other, whose in (("contact_customer_id", "the contact's"), ("customer_email_customer_id", "the email's")):
        if other not in typed.columns or other == f"{name}_customer_id":
            continue
        clash = mine.is_not_null() & pl.col(other).is_not_null() & (mine != pl.col(other))
        found.append(typed.filter(clash).select(
            pl.col("__row").alias("row"), pl.lit(header).alias("column"), pl.col(name).alias("value"),
            pl.lit(f"this {what} is a different customer's from {whose}").alias("why")))
    return found


LOOKUPS = {
    "complaint_category": categories, "complaint_root_cause": root_causes, "complaint_legal": legal_angles,
    "complaint_heat": heat_steps, "money": amounts, "complaint_contact": contacts,
    "customer_email": _customers_by(Customer.email_index, normalise_email, "email"),
    "customer_phone": _customers_by(Customer.phone_index, normalise_phone, "phone number"),
}
"""Lookups by field type, added to the import pipeline's own when the complaint kind is registered."""
