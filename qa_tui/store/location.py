"""Where a database lives, worked out without importing SQLAlchemy, so the sign-in screen paints fast.

A SQLite database is two files (`NAME.db` and its key file `NAME.db.keys`); PostgreSQL is a URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from qa_tui.errors import DatabaseNotFound, NotAQaTuiDatabase, UsageError

KEYRING_FORMAT = "qa-tui-keyring/1"
_POSTGRES_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class DatabaseLocation:
    """A SQLite file (with its key file) or a PostgreSQL URL (which may carry a password)."""

    url: str
    path: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def key_file(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".keys")

    def describe(self) -> str:
        """For messages: the file path, or the URL with any password hidden."""
        if self.path is not None:
            return str(self.path)
        parts = urlsplit(self.url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
            return urlunsplit(parts._replace(netloc=netloc))
        return self.url

    @property
    def display_name(self) -> str:
        """Short enough for a title: the file name, or the database and its server."""
        if self.path is not None:
            return self.path.name
        parts = urlsplit(self.url)
        return f"{parts.path.lstrip('/')} on {parts.hostname or 'localhost'}"


def resolve_location(value: str) -> DatabaseLocation:
    """Turn a `--db` value (a path or a database URL) into a location."""
    if "://" not in value:
        return _sqlite(Path(value).expanduser())
    scheme, _, rest = value.partition("://")
    backend = scheme.split("+")[0].lower()
    if backend in _POSTGRES_SCHEMES:
        return DatabaseLocation(url=f"postgresql+psycopg://{rest}")
    if backend == "sqlite" and rest.lstrip("/"):
        return _sqlite(Path(rest[1:] if rest.startswith("/") else rest).expanduser())
    shown = DatabaseLocation(url=value).describe()
    raise UsageError(f"Unsupported database URL {shown}: use a file path or postgresql+psycopg://.")


def _sqlite(path: Path) -> DatabaseLocation:
    path = path.resolve()
    return DatabaseLocation(url=f"sqlite+pysqlcipher:///{path}", path=path)


def check_openable(location: DatabaseLocation) -> None:
    """Fail with one sentence unless a qa-tui database is at `location` (cheap: no key is needed)."""
    if not location.is_sqlite:
        from qa_tui.services.unlock import existing_keyring

        existing_keyring(location).load()
        return
    if not location.path.exists():
        raise DatabaseNotFound(
            f"There is no qa-tui database at {location.describe()}; create one with 'qa-tui init --db {location.describe()}'."
        )
    if not location.key_file.exists():
        raise NotAQaTuiDatabase(
            f"{location.describe()} is not a qa-tui database (its key file {location.key_file.name} is missing)."
        )
    if _keyring_format(location.key_file) != KEYRING_FORMAT:
        raise NotAQaTuiDatabase(f"{location.key_file} is not a qa-tui key file.")


def _keyring_format(path: Path) -> str | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return body.get("format") if isinstance(body, dict) else None
