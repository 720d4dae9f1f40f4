"""Reading an import file (CSV, Parquet, XLSX) into a frame of text cells, and matching its headers to fields."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl

from qa_tui.errors import UsageError
from qa_tui.services.imports.fields import Field, normalise_header


def read_table(path: Path, encoding: str = "utf-8") -> pl.DataFrame:
    """Every cell as text; undecodable bytes become U+FFFD, which validation reports row by row."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path, encoding, "\t" if suffix == ".tsv" else ",")
        if suffix == ".parquet":
            frame = pl.read_parquet(path)
        elif suffix in (".xlsx", ".xls"):
            frame = _read_excel(path)
        else:
            raise UsageError(f"{path.name}: import reads .csv, .tsv, .parquet or .xlsx files, not {suffix or 'this'}.")
    except (pl.exceptions.ComputeError, pl.exceptions.PolarsError, OSError) as error:
        raise UsageError(f"{path.name} could not be read: {_first_line(error)}.") from None
    return frame.with_columns(pl.all().cast(pl.Utf8))


def _read_csv(path: Path, encoding: str, separator: str) -> pl.DataFrame:
    source: Path | bytes = path
    codec = "utf8-lossy"
    if encoding.lower().replace("-", "") not in ("utf8", "utf8lossy"):
        source = path.read_bytes().decode(encoding, errors="replace").encode("utf-8")
    frame = pl.read_csv(source, infer_schema=False, encoding=codec, separator=separator, quote_char='"')
    if frame.width == 0:
        raise UsageError(f"{path.name} is empty: it needs a header row and data rows.")
    return frame


def _read_excel(path: Path) -> pl.DataFrame:
    try:
        return pl.read_excel(path, infer_schema_length=0)
    except ModuleNotFoundError:
        raise UsageError("Reading .xlsx files needs the 'fastexcel' package: pip install fastexcel, or save as CSV.") from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0].rstrip(".") if str(error).strip() else type(error).__name__


def load_mapping(path: Path | None) -> dict[str, str]:
    """A mapping file: TOML with `[columns]` then `field = "Header in the file"`."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"The mapping file {path.name} could not be read: {_first_line(error)}.") from None
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise UsageError(f"The mapping file {path.name} needs a [columns] table of field = \"Header\" lines.")
    return dict(columns)


def match_columns(headers: list[str], fields: tuple[Field, ...], overrides: dict[str, str], what: str) -> dict[str, str]:
    """field name -> header, from the overrides first, then each field's name and aliases; required ones must match."""
    known = {f.name for f in fields}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise UsageError(f"The mapping names unknown field(s) {', '.join(unknown)}; {what} takes {', '.join(sorted(known))}.")
    missing_headers = sorted(h for h in overrides.values() if h not in headers)
    if missing_headers:
        raise UsageError(f"The mapping names column(s) {', '.join(missing_headers)} that the file does not have.")
    by_normal = {normalise_header(h): h for h in headers}
    mapping = dict(overrides)
    taken = set(mapping.values())
    for field in fields:
        if field.name in mapping:
            continue
        for alias in (field.name, *field.aliases):
            header = by_normal.get(alias)
            if header is not None and header not in taken:
                mapping[field.name] = header
                taken.add(header)
                break
    missing = [f.name for f in fields if f.required and f.name not in mapping]
    if missing:
        raise UsageError(f"No column for {', '.join(missing)} (the file has {', '.join(headers[:12])}); "
                         "name it in a mapping file with --mapping.")
    return mapping
