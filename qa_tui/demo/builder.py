"""The demo database: generated once (SQLite: beside its final name, moved into place when complete) and reused.

Nothing here deletes a database it did not just create: a file that is not a demo centre is reported, not replaced.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from qa_tui.demo.context import DemoContext, Progress, Scale, no_progress
from qa_tui.demo.generator import generate
from qa_tui.demo.users import ADMIN, DEMO_KDF_COST, DEMO_PASSPHRASE
from qa_tui.errors import AuthenticationError, DatabaseNotFound, UsageError
from qa_tui.services.session import Actor
from qa_tui.services.unlock import init_database, sign_in, sign_out
from qa_tui.store.location import DatabaseLocation, check_openable, resolve_location

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal", ".keys", ".keys.lock")


def demo_exists(location: DatabaseLocation) -> bool:
    """Whether a qa-tui database is already at `location` (it may still turn out not to be a demo)."""
    try:
        check_openable(location)
    except DatabaseNotFound:
        return False
    return True


def sign_in_demo(location: DatabaseLocation, user: str) -> Actor:
    """Sign in to an existing demo centre as `user` with the demo passphrase."""
    try:
        return sign_in(location, user, DEMO_PASSPHRASE)
    except AuthenticationError:
        raise UsageError(
            f"{location.describe()} is not a demo centre with a user {user!r}; remove it or choose another --db."
        ) from None


def create_demo(location: DatabaseLocation, *, scale: Scale | str, seed: int, today: date,
                progress: Progress = no_progress) -> DemoContext:
    """Create the demo database at `location` and generate the centre into it; SQLite files appear only when complete."""
    if not location.is_sqlite:
        return _create_in_place(location, scale=scale, seed=seed, today=today, progress=progress)
    partial = resolve_location(str(_partial_path(location.path)))
    _remove_sqlite_files(partial.path)  # left over from an interrupted run
    try:
        ctx = _create_in_place(partial, scale=scale, seed=seed, today=today, progress=progress)
    except BaseException:
        _remove_sqlite_files(partial.path)
        raise
    _move_sqlite_files(partial.path, location.path)
    return ctx


def _create_in_place(location: DatabaseLocation, **options) -> DemoContext:
    init_database(location, ADMIN.name, DEMO_PASSPHRASE, kdf_cost=DEMO_KDF_COST)
    actor = sign_in(location, ADMIN.name, DEMO_PASSPHRASE)
    try:
        return generate(actor, **options)
    finally:
        sign_out(actor)


def _partial_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.partial{path.suffix}")


def _remove_sqlite_files(path: Path) -> None:
    for suffix in SQLITE_COMPANIONS:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _move_sqlite_files(source: Path, target: Path) -> None:
    # The key file last: a database without its key file is reported as such and never mistaken for complete.
    for suffix in ("-wal", "-shm", "", ".keys"):
        moving = source.with_name(source.name + suffix)
        if moving.exists():
            moving.replace(target.with_name(target.name + suffix))
    source.with_name(source.name + ".keys.lock").unlink(missing_ok=True)
