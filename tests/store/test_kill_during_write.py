"""A writer killed with SIGKILL in the middle of its work leaves a consistent database and an intact audit chain."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from support import ADMIN, PASSPHRASE
from qa_tui.services import audit
from qa_tui.services.unlock import sign_in

WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from qa_tui.services import interactions
    from qa_tui.services.unlock import sign_in
    from qa_tui.store.engine import resolve_location
    from qa_tui.store.models import Channel
    import uuid

    actor = sign_in(resolve_location(sys.argv[1]), sys.argv[2], sys.argv[3])
    agent = uuid.UUID(sys.argv[4])
    batch = [interactions.NewInteraction(Channel.CALL, datetime.now(UTC), agent, text="x" * 2000)] * 400
    n = 0
    while True:
        interactions.record_interactions(actor, batch)
        n += 1
        print(n, flush=True)
""")


@pytest.mark.slow
def test_sigkill_mid_write_leaves_database_consistent(admin, org, location):
    url = str(location.path) if location.is_sqlite else location.url
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, ADMIN, PASSPHRASE, str(org[2])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(3):  # let it commit a few batches, then kill it mid-batch
            assert writer.stdout.readline(), writer.stderr.read()
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    survivor = sign_in(location, ADMIN, PASSPHRASE)
    with survivor.db.read() as session:
        if location.is_sqlite:
            assert session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
        stored = session.execute(sa.text("SELECT count(*) FROM interaction")).scalar()
        audited = session.execute(sa.text("SELECT detail FROM audit_entry WHERE action = 'interaction.record'")).scalars().all()
    assert stored >= 3 * 400 and stored % 400 == 0
    assert stored == 400 * len(audited)  # every committed batch has its audit entry, and nothing else got in
    assert audit.verify(survivor).intact
