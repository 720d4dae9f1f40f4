"""Importing interactions, survey responses and feedback items from CSV, Parquet or XLSX files.

`import_file(actor, kind, path, ...)` maps columns (from headers, or a mapping file), validates every cell, writes
the valid rows in one transaction and the rejected ones, with reasons, to a reject file. Kinds are pluggable:
`register_kind(Kind(...))`.
"""

from qa_tui.services.imports.core import KINDS, ImportReport, Kind, RowError, import_file, register_kind

__all__ = ["KINDS", "ImportReport", "Kind", "RowError", "import_file", "register_kind"]
