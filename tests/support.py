"""Constants and helpers shared by the tests (importable as `support`, because tests/ is on sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime

ADMIN = "ann"
PASSPHRASE = "correct horse battery"

FROZEN = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
"""The pinned clock of the screen tests' centre (a Wednesday)."""
TODAY = FROZEN.date()


def signed_in_app(location, name: str):
    """The app, already signed in as `name` (as `qa-tui demo` starts it)."""
    from qa_tui.app import QaApp
    from qa_tui.services.unlock import sign_in

    return QaApp(location, name, actor=sign_in(location, name, PASSPHRASE), today=lambda: TODAY)


async def settle(pilot) -> None:
    """Let workers finish and the screen repaint (twice: a worker's result can hide a widget, which lays out again)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()
    await _measured_tables(pilot)


async def _measured_tables(pilot, tries: int = 100) -> None:
    """Wait (up to about two seconds) until every table has measured its new rows.

    A DataTable sizes its columns for new rows only when its message queue next runs empty. On a slow or busy
    machine that came after the pauses above, and a snapshot caught the columns at their headings' widths.
    """
    from textual.widgets import DataTable

    for _ in range(tries):
        tables = pilot.app.screen.query(DataTable)
        if not any(t._require_update_dimensions or t._updated_cells for t in tables):  # Textual's own flags
            break
        await pilot.pause(0.02)
    await pilot.pause()


CALL_REVIEW_CARD = '''
name = "Short call review"
version = 1
pass_mark = 80.0
methods = ["call_review"]

[[sections]]
key = "opening"
title = "Opening"

[[sections.criteria]]
key = "greeting"
question = "Did the agent greet the caller and give their name?"
type = "yes_no"
weight = 1.0
servqual = "assurance"

[[sections.criteria]]
key = "verify"
question = "Did the agent verify the caller's identity before discussing the account?"
type = "yes_no"
weight = 2.0
critical = true
servqual = "assurance"

[[sections.criteria]]
key = "empathy"
question = "How well did the agent acknowledge the caller's feelings?"
type = "scale"
weight = 2.0
na_allowed = true
servqual = "empathy"

[[sections.criteria.levels]]
value = 1
label = "Poor"
anchor = "Ignored the caller's feelings."

[[sections.criteria.levels]]
value = 3
label = "Fair"
anchor = "Acknowledged them once."

[[sections.criteria.levels]]
value = 5
label = "Excellent"
anchor = "Named the feeling and responded to it throughout."
'''
"""A short call-review scorecard: two yes/no criteria (one critical) and a scale that allows N/A."""
