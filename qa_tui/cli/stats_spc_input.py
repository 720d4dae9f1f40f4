"""Reading small CSV files for `qa-tui stats` with row-numbered errors.

Rows are numbered as in a spreadsheet: the header is row 1, so the first
observation is row 2. Every problem is one sentence naming the file, the row
and the reason.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qa_tui.errors import UsageError

_TRUE = {"1", "true", "yes", "y", "pass", "passed"}
_FALSE = {"0", "false", "no", "n", "fail", "failed"}


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet number and its cells by column name."""

    number: int
    cells: dict[str, str]

    def text(self, column: str) -> str:
        """The stripped cell, refusing an empty one."""
        value = self.cells.get(column, "").strip()
        if not value:
            raise self.error(f"the {column} is empty")
        return value

    def number_in(self, column: str) -> float:
        """The cell as a finite number."""
        raw = self.text(column)
        try:
            value = float(raw)
        except ValueError:
            raise self.error(f"{column} {raw!r} is not a number") from None
        if not math.isfinite(value):
            raise self.error(f"{column} {raw!r} is not a finite number")
        return value

    def whole_number_in(self, column: str) -> int:
        """The cell as a whole number of zero or more."""
        value = self.number_in(column)
        if value < 0 or value != int(value):
            raise self.error(f"{column} {self.text(column)!r} is not a whole number of 0 or more")
        return int(value)

    def outcome_in(self, column: str) -> int:
        """The cell as a pass (1) or fail (0)."""
        raw = self.text(column).lower()
        if raw in _TRUE | _FALSE:
            return int(raw in _TRUE)
        raise self.error(f"{column} {raw!r} is not a pass or fail (1/0, yes/no, pass/fail)")

    def error(self, reason: str) -> UsageError:
        """A one-sentence error naming this row."""
        return UsageError(f"Row {self.number}: {reason}.")


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[Row]:
    """All data rows of a CSV file with the required columns (and any optional ones)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(_rows(csv.reader(handle), path.name, required, optional))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"Cannot read {path.name}: {error}.") from None
    if not rows:
        raise UsageError(f"{path.name} has a header but no data rows.")
    return rows


def _rows(reader: Iterator[list[str]], name: str, required: tuple[str, ...],
          optional: tuple[str, ...]) -> Iterator[Row]:
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in required if column not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        raise UsageError(f"{name} needs a header with the column {missing[0]!r} (found: {found}).")
    wanted = [c for c in (*required, *optional) if c in header]
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are harmless
        if len(cells) != len(header):
            raise UsageError(f"Row {number}: expected {len(header)} fields like the header, "
                             f"found {len(cells)}.")
        yield Row(number, {c: cells[header.index(c)] for c in wanted})
