"""The frames one actor works on (`TrendsData`), and how rows go in and out of them.

Rows are only ever added or dropped through these methods, so that every change marks the months it touched (for
the snapshot's write-back) and every evaluation gets a key of its own (for its answers).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from qa_tui.analytics import loader_fetch as fetch, loader_snapshot as snapshot

NOTHING = datetime.max.replace(tzinfo=UTC)
"""The start of a frame not loaded at all."""
PLACES = {"team_id": pl.Categorical, "site_id": pl.Categorical}
EVALUATIONS = {**fetch.EVALUATIONS, "eval_key": pl.UInt32, **PLACES, "scorecard": pl.Categorical}
SURVEYS = {**fetch.SURVEYS, **PLACES}


@dataclass
class TrendsData:
    """What the Trends screen works on, for one actor: every row from `since` on, current to `marker`."""

    since: datetime
    marker: int
    evaluations: pl.DataFrame
    surveys: pl.DataFrame
    agents: pl.DataFrame
    teams: pl.DataFrame
    sites: pl.DataFrame
    scorecards: pl.DataFrame
    criteria: pl.DataFrame
    answers: pl.DataFrame | None = None
    team_ids: tuple | None = None
    """The scope cut in SQL: a team leader's teams, or None for the whole centre."""
    surveys_since: datetime | None = None
    """Every survey from here on is held (the first view may draw before any is; None: as `since`)."""
    answers_since: datetime = NOTHING
    """Every answer of the evaluations from here on is held (NOTHING until `answers` is loaded)."""
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    stored: int | None = field(default=None, repr=False)
    """The marker of the stored snapshot these frames descend from (None: built from SQL with none stored)."""
    dirty: set[int] = field(default_factory=set, repr=False)
    """Months whose rows changed since the stored snapshot."""
    replace_all: bool = field(default=False, repr=False)
    parts: snapshot.Snapshot | None = field(default=None, repr=False)
    """The snapshot the frames were read from, until its answers are decoded."""

    def frame_for(self, source: str, since: datetime | None = None) -> pl.DataFrame | None:
        """The evaluations, surveys or answers frame, from `since` on when given."""
        frame = {"evaluations": self.evaluations, "surveys": self.surveys, "answers": self.answers}.get(source)
        if frame is None or since is None:
            return frame
        if source != "answers":
            return frame.filter(pl.col("at") >= since)
        keys = self.evaluations.filter(pl.col("at") >= since)["eval_key"]
        return frame.filter(pl.col("eval_key").is_in(keys.implode()))

    def __post_init__(self) -> None:
        if self.surveys_since is None:
            self.surveys_since = self.since

    def holds(self, source: str, since: datetime) -> bool:
        """Whether every row of `source` (evaluations, surveys or answers) from `since` on is loaded yet."""
        held = {"surveys": self.surveys_since, "answers": self.answers_since}.get(source, self.since)
        return held <= since

    @property
    def next_key(self) -> int:
        return int(self.evaluations["eval_key"].max()) + 1 if self.evaluations.height else 0

    # --- rows in and out --------------------------------------------------------------------------------------

    def add_evaluations(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Append rows with new keys; returns their evaluation_id and eval_key (for their answers)."""
        start = self.next_key
        keyed = rows.with_columns(pl.int_range(start, start + rows.height, dtype=pl.UInt32).alias("eval_key"))
        placed = self._placed_evaluations(keyed)
        self.evaluations = pl.concat([self.evaluations, placed.select(self.evaluations.columns)], how="vertical")
        self.dirty |= months(placed)
        return keyed.select("evaluation_id", "eval_key")

    def drop_evaluations(self, ids: pl.Series) -> None:
        """Drop these evaluations, and their answers."""
        gone = pl.col("evaluation_id").is_in(ids.implode())
        self.dirty |= months(self.evaluations.filter(gone))
        self.evaluations = self.evaluations.filter(~gone)
        if self.answers is not None:
            self.answers = self.answers.filter(pl.col("eval_key").is_in(self.evaluations["eval_key"].implode()))

    def add_surveys(self, rows: pl.DataFrame) -> None:
        placed = self._with_places(rows)
        self.surveys = pl.concat([self.surveys, placed.select(self.surveys.columns)], how="vertical")
        self.dirty |= months(placed)

    def drop_surveys(self, gone: pl.Expr) -> None:
        self.dirty |= months(self.surveys.filter(gone))
        self.surveys = self.surveys.filter(~gone)

    def place(self) -> None:
        """Teams, sites and scorecard names from the current people and scorecards (a team may have moved)."""
        self.evaluations = self._placed_evaluations(self.evaluations.select(
            *fetch.EVALUATIONS, pl.col("eval_key").cast(pl.UInt32)))
        self.surveys = self._with_places(self.surveys.select(*fetch.SURVEYS))

    def _placed_evaluations(self, frame: pl.DataFrame) -> pl.DataFrame:
        return self._with_places(frame).join(self.scorecards, on="scorecard_version_id", how="left")

    def _with_places(self, frame: pl.DataFrame) -> pl.DataFrame:
        teams = self.teams.select("team_id", "site_id")
        places = self.agents.select("agent_id", "team_id").join(teams, on="team_id", how="left")
        return frame.join(places, on="agent_id", how="left")


def months(frame: pl.DataFrame) -> set[int]:
    """The months (yyyymm) a frame's rows fall in."""
    return set(frame.select(snapshot.month()).to_series().unique().to_list()) if frame.height else set()
