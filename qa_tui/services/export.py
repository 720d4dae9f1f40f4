"""Export any list or analysis table to CSV, Parquet or XLSX through polars.

XLSX needs the `xlsxwriter` package (polars' `write_excel` uses it); without it the export says so in one
sentence instead of failing deep inside polars.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

from qa_tui.errors import UsageError

FORMATS = ("csv", "parquet", "xlsx")


def to_frame(rows: Iterable[Any]):
    """A polars frame from dicts or dataclasses (nested values become text)."""
    import polars as pl

    records = [_flat(dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r)) for r in rows]
    return pl.DataFrame(records, infer_schema_length=None) if records else pl.DataFrame()


def _flat(record: Mapping[str, Any]) -> dict:
    return {k: v if v is None or isinstance(v, (str, int, float, bool, date, datetime)) else str(v)
            for k, v in record.items()}


def write_table(rows: Iterable[Any], path: Path, fmt: str | None = None, *, sheet: str = "data") -> Path:
    """Write rows to `path` as CSV, Parquet or XLSX (chosen by `fmt` or the file's suffix)."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UsageError(f"Export formats are {', '.join(FORMATS)}, not {fmt!r}.")
    frame = to_frame(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.write_csv(path)
    elif fmt == "parquet":
        frame.write_parquet(path)
    else:
        _write_xlsx(frame, path, sheet)
    return path


def _write_xlsx(frame, path: Path, sheet: str) -> None:
    try:
        import xlsxwriter  # noqa: F401  (polars' write_excel needs it)
    except ImportError:
        raise UsageError("XLSX export needs the xlsxwriter package (pip install xlsxwriter); CSV and Parquet work without it.") from None
    frame.write_excel(path, worksheet=sheet[:31])


def write_tables(tables: Mapping[str, Iterable[Any]], folder: Path, fmt: str) -> list[Path]:
    """Each named table to `folder/NAME.fmt`; empty tables are skipped."""
    written = []
    for name, rows in tables.items():
        rows = list(rows)
        if rows:
            written.append(write_table(rows, folder / f"{name}.{fmt}", fmt, sheet=name))
    return written
