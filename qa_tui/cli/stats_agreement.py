"""`qa-tui stats agreement FILE.csv`: inter-rater agreement of a calibration export.

FILE has columns item, rater, score (others are ignored); a missing rating is
an absent row or an empty score. polars and numpy load inside the command.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import click

from qa_tui.errors import UsageError

LEVEL_CHOICES = ("nominal", "ordinal", "interval", "ratio")
"""The same as `qa_tui.analytics.agreement.LEVELS`, repeated to keep imports light."""

LABEL_WIDTH, VALUE_WIDTH, LINE_WIDTH = 30, 7, 80


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--level",
    type=click.Choice(LEVEL_CHOICES),
    default="ordinal",
    show_default=True,
    help="Level of measurement of the scores.",
)
@click.option(
    "--tolerance", type=click.FloatRange(min=0), help="Also report agreement within this many points."
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Item resamples for intervals with no analytic form (0 for none).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def agreement(
    file: Path, level: str, tolerance: float | None, bootstrap: int, seed: int, as_json: bool
) -> None:
    """Agreement between raters: percent, kappas, AC1, Krippendorff's alpha, ICCs."""
    from qa_tui.analytics.agreement import ratings_matrix, summarize_ratings

    frame, line_numbers = read_ratings_csv(file)
    ratings = ratings_matrix(frame, row_numbers=line_numbers)
    summary = summarize_ratings(ratings, level, tolerance, bootstrap, seed)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2, allow_nan=False))
    else:
        click.echo(format_summary(summary, file.name))


def read_ratings_csv(path: Path):
    """The item, rater and score columns of a CSV file as strings, and each row's line number."""
    import polars as pl

    header, rows, lines = _read_rows(path)
    positions = [_column(header, name, path) for name in ("item", "rater", "score")]
    columns = {
        name: [_blank_to_none(row[position]) for row in rows]
        for name, position in zip(("item", "rater", "score"), positions, strict=True)
    }
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)), lines


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UsageError(f"row {line} of {path.name} is not UTF-8 text.") from None
    return _parse(csv.reader(io.StringIO(text, newline=""), strict=True), path)


def _parse(reader, path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    records = _records(reader, path)
    first = next(records, None)
    if first is None:
        raise UsageError(f"{path.name} is empty; expected a header row item,rater,score.")
    header = [field.strip().lower() for field in first[1]]
    rows, lines = [], []
    for line, record in records:
        if len(record) != len(header):
            raise UsageError(
                f"row {line} of {path.name} has {len(record)} fields but the header has {len(header)}."
            )
        rows.append(record)
        lines.append(line)
    return header, rows, lines


def _records(reader, path: Path):
    """(line number, fields) of each non-blank CSV record, with errors naming the row."""
    try:
        for record in reader:
            if any(field.strip() for field in record):
                yield reader.line_num, record
    except csv.Error as error:
        raise UsageError(f"row {reader.line_num} of {path.name} is not valid CSV: {error}.") from None


def _column(header: list[str], name: str, path: Path) -> int:
    if name not in header:
        raise UsageError(f"row 1 of {path.name} has no {name} column; expected item, rater, score.")
    return header.index(name)


def _blank_to_none(field: str) -> str | None:
    field = field.strip()
    return field or None


def format_summary(summary, source: str) -> str:
    """A readable table of an `AgreementSummary`, at most 80 columns wide."""
    title = (
        f"Agreement in {source}: {summary.n_items} items, {summary.n_raters} raters, "
        f"{summary.n_ratings} ratings ({summary.level} level)"
    )
    header = (
        f"{'Statistic':<{LABEL_WIDTH}}{'Value':>{VALUE_WIDTH}}  {int(summary.confidence * 100)}% interval"
    )
    lines = [*textwrap.wrap(title, LINE_WIDTH), "", header, "-" * LINE_WIDTH]
    for label, estimate, reason in _rows(summary):
        lines.extend(_row(label, estimate, reason))
    return "\n".join(lines)


def _rows(summary):
    """(label, estimate, reason when missing) for each line of the table."""
    notes = summary.notes
    yield "Percent agreement", summary.percent_agreement, notes.get("percent_agreement")
    if summary.tolerance is not None:
        label = f"Within {summary.tolerance:g} point(s)"
        yield label, summary.within_tolerance, notes.get("within_tolerance")
    yield from _cohen_rows(summary)
    yield "Fleiss' kappa", summary.fleiss_kappa, notes.get("fleiss_kappa")
    yield "Gwet's AC1", summary.gwet_ac1, notes.get("gwet_ac1")
    for level, estimate in summary.krippendorff_alpha.items():
        yield f"Krippendorff's alpha, {level}", estimate, notes.get(f"krippendorff_alpha.{level}")
    if "icc" in notes:
        yield "ICCs (all six)", None, notes["icc"]
        return
    for name, estimate in summary.icc.items():
        yield _icc_label(name, summary.n_raters), estimate, "undefined"


def _cohen_rows(summary):
    if summary.cohen_kappa is None:
        yield "Cohen's kappa", None, summary.notes.get("cohen_kappa")
        return
    for weighting, estimate in summary.cohen_kappa.items():
        yield f"Cohen's kappa, {weighting}", estimate, summary.notes.get(f"cohen_kappa.{weighting}")


def _icc_label(name: str, n_raters: int) -> str:
    model = name[3]
    return f"ICC({model},{n_raters})" if name.endswith("k") else f"ICC({model},1)"


def _row(label: str, estimate, reason: str | None) -> list[str]:
    start = f"{label:<{LABEL_WIDTH}}"
    if estimate is None:
        text = f"{'-':>{VALUE_WIDTH}}  {reason or 'undefined'}"
    else:
        text = f"{estimate.value:>{VALUE_WIDTH}.3f}  {_interval(estimate)}"
    indent = " " * (LABEL_WIDTH + VALUE_WIDTH + 2)
    return textwrap.wrap(start + text, LINE_WIDTH, subsequent_indent=indent)


def _interval(estimate) -> str:
    if estimate.ci_low is None:
        return ""
    return f"{estimate.ci_low:.3f} to {estimate.ci_high:.3f} ({estimate.ci_method})"
