"""Names and references in an import file, resolved against the store: agents (by name or id), sites, teams
(by name) and contacts (by the interaction's external reference). Each adds id columns and reports unknown or
ambiguous values as row errors."""

from __future__ import annotations

from collections import defaultdict

import polars as pl
import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.services.people import agent_name
from qa_tui.services.session import Actor
from qa_tui.services.withdrawn_keys import withdrawn_rows
from qa_tui.store.models import Agent, Interaction, Site, Team

CHUNK = 5000
WITHDRAWN = "__withdrawn"
"""A column a lookup may add: rows to skip as withdrawn (`withdrawn_keys`)."""


def _resolve(typed: pl.DataFrame, name: str, header: str, table: dict[str, tuple | None], columns: list[str],
             what: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Join `typed[name]` (lower-cased) against `table` (None marks an ambiguous name)."""
    keys = list(table)
    found = pl.DataFrame({"__k": keys, **{c: [_text(table[k], i) for k in keys] for i, c in enumerate(columns)}},
                         schema={"__k": pl.Utf8, **{c: pl.Utf8 for c in columns}})
    ambiguous = [k for k in keys if table[k] is None]
    joined = typed.with_columns(pl.col(name).str.to_lowercase().alias("__k")).join(found, on="__k", how="left",
                                                                                   maintain_order="left")
    bad = joined.filter(pl.col(name).is_not_null() & pl.col(columns[0]).is_null())
    errors = bad.select(pl.col("__row").alias("row"), pl.lit(header).alias("column"), pl.col(name).alias("value"),
                        pl.when(pl.col("__k").is_in(ambiguous)).then(pl.lit(f"names more than one {what}; use its id"))
                        .otherwise(pl.lit(f"no such {what}")).alias("why"))
    return joined.drop("__k"), errors


def _text(values: tuple | None, index: int) -> str | None:
    return None if values is None or values[index] is None else str(values[index])


def agents(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    rows = session.exec(select(Agent, Team.site_id).join(Team, Agent.team_id == Team.id)).all()
    table: dict[str, tuple | None] = {}
    counts: dict[str, int] = defaultdict(int)
    for agent, site_id in rows:
        value = (agent.id, agent.team_id, site_id)
        table[str(agent.id)] = value
        spoken = agent_name(session, actor.db.vault, agent).strip().lower()
        counts[spoken] += 1
        table[spoken] = value if counts[spoken] == 1 else None
    return _resolve(typed, name, header, table, [f"{name}_id", f"{name}_team_id", f"{name}_site_id"], "agent")


def sites(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    table = {n.lower(): (i,) for i, n in session.exec(select(Site.id, Site.name)).all()}
    return _resolve(typed, name, header, table, [f"{name}_id"], "site")


def teams(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    table: dict[str, tuple | None] = {}
    for team_id, team, site_id in session.exec(select(Team.id, Team.name, Team.site_id)).all():
        table[str(team_id)] = (team_id, site_id)
        table[team.lower()] = (team_id, site_id) if team.lower() not in table else None
    return _resolve(typed, name, header, table, [f"{name}_id", f"{name}_site_id"], "team")


def contacts(session: Session, actor: Actor, typed: pl.DataFrame, name: str, header: str):
    refs = typed[name].drop_nulls().unique().to_list()
    table: dict[str, tuple | None] = {}
    columns = (Interaction.external_ref, Interaction.id, Interaction.subject_id, Interaction.agent_id, Interaction.channel,
               Interaction.customer_id)
    connection = session.connection()  # Core rows: the ORM's row loading cost more than the query at 100k refs
    for start in range(0, len(refs), CHUNK):
        chunk = refs[start:start + CHUNK]
        for ref, *values in connection.execute(sa.select(*columns).where(Interaction.external_ref.in_(chunk))):
            table[ref.lower()] = tuple(values)
    typed, errors = _resolve(typed, name, header, table, [f"{name}_id", f"{name}_subject_id", f"{name}_agent_id",
                                                          f"{name}_channel", f"{name}_customer_id"],
                             "contact with this reference")
    return without_erased_contacts(session, actor, typed, errors)


def without_erased_contacts(session: Session, actor: Actor, typed: pl.DataFrame,
                             errors: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A row naming a contact whose person was erased is no error: it is marked `WITHDRAWN`, so that the import
    skips and counts it (its words would come back under nobody's name otherwise)."""
    if not errors.height:
        return typed, errors
    erased = withdrawn_rows(session, actor.db.vault, Interaction.__tablename__, errors["value"])
    gone = errors.filter(erased)["row"]
    if not gone.len():
        return typed, errors
    marked = pl.col("__row").is_in(gone.implode())
    if WITHDRAWN in typed.columns:
        marked = marked | pl.col(WITHDRAWN)
    return typed.with_columns(marked.alias(WITHDRAWN)), errors.filter(~erased)


LOOKUPS = {"agent": agents, "site": sites, "team": teams, "contact": contacts}
