"""The import pipeline every kind shares: read, map columns, validate every cell, resolve names against the store,
drop what is already there, then write the valid rows in one transaction (or nothing, with `strict`).

Rows are numbered as in a spreadsheet (the header is row 1). Rejected rows go to a reject file with their reasons;
nothing is ever half-imported, because the whole write is one transaction with one audit entry.

Writing goes in batches through a short pipeline: while one batch is encrypted and inserted, the free texts of
the next ones are being redacted in worker processes (`qa_tui.privacy.pool`), so both cores stay busy.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable

import polars as pl
from sqlmodel import Session

from qa_tui.errors import UsageError
from qa_tui.privacy.known import KnownValues
from qa_tui.privacy.pool import Job, Redactor, SealedPending
from qa_tui.services import audit
from qa_tui.services.imports.fields import Field, cleaned, failure, typed_value
from qa_tui.services.imports.lookups import WITHDRAWN
from qa_tui.services.imports.reading import load_mapping, match_columns, read_table
from qa_tui.services.permissions import Action, require
from qa_tui.services.sealing import Sealed, SealPlan
from qa_tui.services.session import Actor
from qa_tui.services.withdrawn_keys import withdrawn_rows
from qa_tui.store import crypto
from qa_tui.store.bulk import bulk_cache, existing_values, indexes_built_after, new_ids
from qa_tui.store.models.base import DIGEST_PREFIX, LEGACY_DIGEST_PREFIX
from qa_tui.store.vault import Vault

BATCH = 20_000
"""Rows per batch: large enough that per-batch costs vanish, small enough to keep memory flat and progress lively."""
AHEAD = 2
"""Batches whose texts are being redacted while the current one is written."""
Progress = Callable[[str, int, int], None]
"""progress(step, done, total)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    why: str

    def sentence(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
        return f"row {self.row}, {self.column} = {shown!r}: {self.why}"


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    imported: int = 0
    already: int = 0
    """Rows whose natural key was imported before (a re-import adds nothing)."""
    withdrawn: int = 0
    """Rows of records erased at their person's request or past their retention period (`withdrawn_keys`)."""
    duplicates: int = 0
    """Rows repeating an earlier row of the same file."""
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    rejects_file: str | None = None
    strict_refused: bool = False

    def sentence(self) -> str:
        if self.strict_refused:
            return (f"Nothing imported from {self.file}: {self.rejected:,} of {self.rows:,} rows are invalid "
                    f"and --strict needs every row valid.")
        parts = [f"Imported {self.imported:,} {self.kind} of {self.rows:,} rows from {self.file}"]
        if self.already:
            parts.append(f"{self.already:,} already imported")
        if self.withdrawn:
            parts.append(f"{self.withdrawn:,} left out (erased at their person's request, or past their retention "
                         "period)")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} repeated in the file")
        if self.rejected:
            parts.append(f"{self.rejected:,} rejected" + (f" (see {self.rejects_file})" if self.rejects_file else ""))
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Kind:
    """One kind of import: its fields, where its natural keys live, a row rule and a writer.

    A writer takes a batch either as dicts (`write`, redacting with `context.redact`) or, faster, as a frame
    (`write_frame`): then the texts that `texts` names are redacted ahead on every core and sealed there too, as
    `seal_plan` says, and the writer is given the batch's new ids and its sealed columns.
    """

    name: str
    fields: tuple[Field, ...]
    key_table: str
    key_column: str
    write: Callable[["WriteContext", list[dict]], list[uuid.UUID]] | None
    row_rule: Callable[[], pl.Expr | None] = lambda: None
    """An expression giving a reason (or null) for rows that break a rule across fields."""
    ref_field: str = "external_ref"
    key_prefix: bool = True
    """Natural keys read 'ref:...' or 'sha:...'; False stores the bare external reference (interactions)."""
    texts: Callable[["WriteContext", pl.DataFrame], list[Job]] | None = None
    """The free texts of a batch to redact, in order, each with the values its records know (for `write_frame`)."""
    seal_plan: Callable[["WriteContext", pl.DataFrame, pl.Series], SealPlan] | None = None
    """How the batch's `texts` are sealed, given its new ids (`sealing.plan_seal`)."""
    write_frame: Callable[["WriteContext", pl.DataFrame, pl.Series, Sealed], pl.Series] | None = None
    """Writes a batch given as a frame, its new ids and its sealed texts; returns the ids written."""


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Plug in a kind (complaints add theirs this way)."""
    KINDS[kind.name] = kind
    return kind


@dataclass
class WriteContext:
    actor: Actor
    session: Session
    source: str
    memo: dict = field(default_factory=dict)
    """State a kind keeps for the length of one import (the complaints writer keeps its redactions here)."""
    redactor: Redactor = field(default_factory=Redactor)
    """Redacts this import's texts, each distinct (text, known values) once."""
    known: "KnownValuesCache" = field(init=False)
    """What the records know about each text (agents' names, linked customers' details), decrypted once each."""

    def __post_init__(self) -> None:
        from qa_tui.services.imports.texts import KnownValuesCache

        self.known = KnownValuesCache(self.session, self.actor.db.vault)

    def redact(self, text: str, known: KnownValues | None = None) -> str:
        """One text's redacted copy (for writers that go row by row)."""
        return self.redactor.redact([(text, known)])[0]


def import_file(actor: Actor, kind_name: str, path: Path, *, mapping_file: Path | None = None, strict: bool = False,
                rejects: Path | None = None, encoding: str = "utf-8", progress: Progress | None = None) -> ImportReport:
    """Import one file of `kind_name`; returns what happened, row by row for the rejected ones."""
    require(actor, Action.IMPORT_DATA)
    from qa_tui.services.imports import kinds  # noqa: F401  (registers the built-in kinds)

    if kind_name not in KINDS:
        raise UsageError(f"Unknown import kind {kind_name!r} (known: {', '.join(sorted(KINDS))}).")
    kind, progress = KINDS[kind_name], progress or (lambda *_: None)
    table = read_table(path, encoding)
    report = ImportReport(kind_name, path.name, rows=table.height)
    report.mapping = match_columns(table.columns, kind.fields, load_mapping(mapping_file), kind_name)
    progress("validating", 0, table.height)
    typed, errors = validate(table, kind, report.mapping)
    with actor.db.read() as session:
        typed, more = resolve_references(session, actor, typed, kind, report.mapping)
    errors = pl.concat([errors, more]) if more.height else errors
    typed = with_natural_keys(typed, kind, row_digest_key(actor.db.vault))
    bad_rows = set(errors["row"].to_list())
    valid = typed.filter(~pl.col("__row").is_in(list(bad_rows)))
    report.rejected = len(bad_rows)
    report.errors = [RowError(*r) for r in errors.sort(["row", "column"]).iter_rows()]
    if report.rejected:
        report.rejects_file = _write_rejects(table, errors, rejects or _default_rejects(path))
    if strict and report.rejected:
        report.strict_refused = True
        return report
    first = valid.filter(pl.col("__key").is_first_distinct())
    report.duplicates = valid.height - first.height
    report.imported, report.already, report.withdrawn = _write(actor, kind, first, path.name, progress)
    return report


def validate(table: pl.DataFrame, kind: Kind, mapping: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(typed frame with `__row`, errors as row/column/value/why)."""
    fields = [f for f in kind.fields if f.name in mapping]
    raw = table.select((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("__row"),
                       *(cleaned(mapping[f.name]).alias(f"__raw {f.name}") for f in fields))
    # Values first, then the reasons from them: each value is computed once (dates are the costly part).
    typed = raw.select("__row", *(typed_value(f, pl.col(f"__raw {f.name}")).alias(f.name) for f in fields))
    reasons = pl.concat([raw, typed.drop("__row")], how="horizontal").select(
        _reason(f) for f in fields)
    errors = [_cell_errors(table, typed["__row"], reasons[f.name], mapping[f.name]) for f in fields]
    for f in kind.fields:
        if f.name not in typed.columns:
            typed = typed.with_columns(pl.lit(None).alias(f.name))
    rule = kind.row_rule()
    if rule is not None:
        errors.append(typed.select(pl.col("__row").alias("row"), pl.lit("(row)").alias("column"), pl.lit("").alias("value"),
                                   rule.alias("why")).filter(pl.col("why").is_not_null()))
    return typed, _errors_frame(errors)


def _reason(field: Field) -> pl.Expr:
    raw = pl.col(f"__raw {field.name}")
    why = failure(field, raw, pl.col(field.name))
    if field.required:
        why = pl.coalesce(why, pl.when(raw.is_null()).then(pl.lit("required but empty")))
    return why.alias(field.name)


def _cell_errors(table: pl.DataFrame, rows: pl.Series, why: pl.Series, header: str) -> pl.DataFrame:
    failed = why.is_not_null()
    return pl.DataFrame({"row": rows.filter(failed), "column": [header] * int(failed.sum()),
                         "value": table[header].cast(pl.Utf8).fill_null("").filter(failed), "why": why.filter(failed)},
                        schema={"row": pl.Int64, "column": pl.Utf8, "value": pl.Utf8, "why": pl.Utf8})


def _errors_frame(parts: list[pl.DataFrame]) -> pl.DataFrame:
    schema = {"row": pl.Int64, "column": pl.Utf8, "value": pl.Utf8, "why": pl.Utf8}
    parts = [p.rename({"__row": "row"}) if "__row" in p.columns else p for p in parts]
    return pl.concat([p.select(pl.col(c).cast(t) for c, t in schema.items()) for p in parts]) if parts else pl.DataFrame(schema=schema)


def resolve_references(session: Session, actor: Actor, typed: pl.DataFrame, kind: Kind,
                       mapping: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn agent, site and team names and contact references into ids; unknown ones are row errors."""
    from qa_tui.services.imports.lookups import LOOKUPS

    errors = []
    for f in kind.fields:
        if f.type not in LOOKUPS or f.name not in mapping:
            continue
        typed, error = LOOKUPS[f.type](session, actor, typed, f.name, mapping[f.name])
        errors.append(error)
    return typed, _errors_frame(errors)


ROW_DIGEST_PURPOSE = "qa-tui import row digest"


def row_digest_key(vault: Vault) -> bytes:
    """The key of the digests that name rows imported without a reference. Derived from the blind-index secret,
    which a master-key rotation keeps, so a re-import after a rotation still finds them."""
    return crypto.derive_key(vault.blind_index_key, ROW_DIGEST_PURPOSE)


def with_natural_keys(typed: pl.DataFrame, kind: Kind, digest_key: bytes) -> pl.DataFrame:
    """`__key`: the external reference when the row has one, else a keyed digest of its mapped values (free text
    included, so without the key nobody can test a guess against it); `__legacy`: the unkeyed digest that earlier
    versions stored for such a row, so that re-importing an old file still adds nothing."""
    hashed = [f.name for f in kind.fields if f.hashed and f.name != kind.ref_field]
    ref = pl.col(kind.ref_field)
    joined = pl.concat_str([pl.col(c).cast(pl.Utf8).fill_null("\x00") for c in hashed], separator="\x1f")
    unreferenced = typed.select(pl.when(ref.is_null()).then(joined))[:, 0]
    if unreferenced.null_count() == typed.height:  # every row has a reference (most vendors' exports)
        digests = legacy = pl.repeat(None, typed.height, dtype=pl.Utf8, eager=True)
    else:  # hashing is the one step here that is Python per row
        data = [None if s is None else s.encode() for s in unreferenced]
        digests = pl.Series([None if d is None else _digest(d, digest_key) for d in data], dtype=pl.Utf8)
        legacy = pl.Series([None if d is None else _legacy_digest(d) for d in data], dtype=pl.Utf8)
    key = (pl.concat_str(pl.lit("ref:"), ref) if kind.key_prefix else ref)
    return typed.with_columns(pl.coalesce(key, pl.lit(digests)).alias("__key"), legacy.alias("__legacy"))


def _digest(data: bytes, key: bytes) -> str:
    return DIGEST_PREFIX + hashlib.blake2b(data, key=key, digest_size=20).hexdigest()


def _legacy_digest(data: bytes) -> str:
    return LEGACY_DIGEST_PREFIX + hashlib.blake2b(data, digest_size=20).hexdigest()


def _known_keys(session: Session, kind: Kind, rows: pl.DataFrame) -> pl.Series:
    """Which rows are in the database already, under their key or their legacy digest."""
    legacy = rows["__legacy"].drop_nulls()
    seen = existing_values(session, kind.key_table, kind.key_column, rows["__key"].to_list() + legacy.to_list())
    if not seen:
        return pl.Series([False] * rows.height, dtype=pl.Boolean)
    known = pl.Series(list(seen), dtype=pl.Utf8).implode()  # built once, for both columns
    found = pl.col("__key").is_in(known)
    if legacy.len():
        found = found | pl.col("__legacy").is_in(known).fill_null(False)
    return rows.select(found)[:, 0]


def _write(actor: Actor, kind: Kind, rows: pl.DataFrame, file_name: str,
           progress: Progress) -> tuple[int, int, int]:
    """(rows written, rows already there, rows withdrawn), in one transaction."""
    with actor.db.write() as session:
        context = WriteContext(actor, session, file_name[:64])
        unknown = rows.filter(~_known_keys(session, kind, rows))
        left_out = withdrawn_rows(session, actor.db.vault, kind.key_table, unknown["__key"], unknown["__legacy"])
        if WITHDRAWN in unknown.columns:  # a lookup found the rows' contact withdrawn
            left_out = left_out | unknown[WITHDRAWN].fill_null(False)
        fresh = unknown.filter(~left_out)
        already, withdrawn = rows.height - unknown.height, unknown.height - fresh.height
        skipped = already + withdrawn
        with bulk_cache(session), indexes_built_after(session, kind.key_table, fresh.height):
            written, first = _write_batches(context, kind, fresh, lambda done: progress("writing", skipped + done, rows.height))
        audit.record(session, actor.db.vault, actor.name, f"import.{kind.name}", target_type=kind.key_table,
                     detail={"file": file_name, "imported": written, "already": already, "withdrawn": withdrawn,
                             "first": first})
    if not fresh.height:
        progress("writing", rows.height, rows.height)
    return written, already, withdrawn


def _write_batches(context: WriteContext, kind: Kind, rows: pl.DataFrame, done: Callable[[int], None]) -> tuple[int, str]:
    """(rows written, the first new id); the texts of the next batches are redacted while one is written."""
    written, first = 0, ""
    batches = (_Batch.prepare(context, kind, rows.slice(start, BATCH)) for start in range(0, rows.height, BATCH))
    window = deque(islice(batches, AHEAD))
    try:
        while window:
            batch = window.popleft()
            window.extend(islice(batches, 1))  # the next batch's texts go to the workers before this one is written
            ids = batch.write(context, kind)
            first = first or (str(ids[0]) if len(ids) else "")
            written += len(ids)
            done(written)
    finally:
        for waiting in window:
            waiting.cancel()
    return written, first


@dataclass
class _Batch:
    """Rows of one batch, and (for a frame writer) their new ids and their texts being redacted and sealed."""

    rows: pl.DataFrame
    ids: pl.Series | None = None
    plan: SealPlan | None = None
    sealing: SealedPending | None = None

    @classmethod
    def prepare(cls, context: WriteContext, kind: Kind, rows: pl.DataFrame) -> "_Batch":
        if kind.write_frame is None:
            return cls(rows)
        ids = new_ids(rows.height)
        plan = kind.seal_plan(context, rows, ids)
        texts = kind.texts(context, rows)
        return cls(rows, ids, plan, context.redactor.submit_sealed(texts, plan.locks))

    def write(self, context: WriteContext, kind: Kind) -> list | pl.Series:
        if kind.write_frame is None:
            return kind.write(context, self.rows.to_dicts())
        return kind.write_frame(context, self.rows, self.ids, self.plan.sealed(self.sealing.result()))

    def cancel(self) -> None:
        if self.sealing is not None:
            self.sealing.cancel()


def _default_rejects(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


def _write_rejects(table: pl.DataFrame, errors: pl.DataFrame, target: Path) -> str:
    reasons = errors.sort(["row", "column"]).group_by("row", maintain_order=True).agg(
        pl.concat_str(pl.col("column"), pl.lit(": "), pl.col("why")).str.join("; ").alias("errors"))
    rows = table.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("row"))
    rejected = reasons.join(rows, on="row", how="left")
    rejected.write_csv(target)
    return str(target.name)
