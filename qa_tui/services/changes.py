"""Cross-process change notification: has anyone (in any process) committed a change since I last looked?

- SQLite: `PRAGMA data_version` on a connection of our own changes whenever another connection commits; reading
  it costs microseconds and touches no table, so polling it a few times a second is cheap.
- PostgreSQL: every audited change inserts an audit entry, and a trigger on the audit trail (migration
  0004) sends `NOTIFY qa_tui_change` with "schema:target type:target id"; we LISTEN on a connection of our own.

A screen runs `ChangeWatcher.wait()` in a thread worker and reloads when it returns True; the payloads, when the
engine gives them, say what changed (SQLite cannot say, so any change counts).
"""

from __future__ import annotations

import threading
import time

from qa_tui.store.database import Database

CHANNEL = "qa_tui_change"
SQLITE_POLL_SECONDS = 0.2


class ChangeWatcher:
    """Watches one database for commits made by other connections; one thread uses it at a time."""

    def __init__(self, db: Database, *, topics: tuple[str, ...] = ()) -> None:
        self.db = db
        self.topics = topics
        """Target types worth waking for (PostgreSQL only; empty for every change)."""
        raw = db.engine.raw_connection()
        self._conn = raw.driver_connection
        raw.detach()  # ours alone, never handed back to the pool mid-LISTEN
        self._closed = threading.Event()
        self._schema = ""
        if db.is_sqlite:
            self._last = self._data_version()
        else:
            self._listen()

    # --- public --------------------------------------------------------------------------------------------

    def changed(self) -> bool:
        """True if something was committed elsewhere since the last call (never blocks)."""
        return self.wait(0)

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds for a change; True if one came."""
        if self._closed.is_set():
            return False
        if self.db.is_sqlite:
            return self._wait_sqlite(timeout)
        return self._wait_postgres(timeout)

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - closing a connection the server already dropped
                pass

    def __enter__(self) -> "ChangeWatcher":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- SQLite ----------------------------------------------------------------------------------------------

    def _data_version(self) -> int:
        cursor = self._conn.execute("PRAGMA data_version")
        try:
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def _wait_sqlite(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._last:
                self._last = version
                return True
            left = deadline - time.monotonic()
            if left <= 0 or self._closed.wait(min(SQLITE_POLL_SECONDS, left)):
                return False

    # --- PostgreSQL ----------------------------------------------------------------------------------------

    def _listen(self) -> None:
        connection = self._conn
        connection.rollback()
        connection.autocommit = True
        self._schema = connection.execute("SELECT current_schema()").fetchone()[0]
        connection.execute(f"LISTEN {CHANNEL}")

    def _wait_postgres(self, timeout: float) -> bool:
        connection = self._conn
        seen = False
        for notice in connection.notifies(timeout=max(timeout, 0.0) or 0.001, stop_after=None):
            seen = seen or self._relevant(notice.payload)
            if seen:
                break
        seen = seen or self._drain(connection)
        return seen

    def _drain(self, connection) -> bool:
        seen = False
        for notice in connection.notifies(timeout=0.001):
            seen = seen or self._relevant(notice.payload)
        return seen

    def _relevant(self, payload: str) -> bool:
        schema, _, rest = payload.partition(":")
        if schema != self._schema:
            return False
        return not self.topics or rest.partition(":")[0] in self.topics
