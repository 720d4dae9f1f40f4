"""Cached frames are sealed like personal fields: unreadable at rest on each engine, bound to their name and marker,
unreadable after a key change, and gone after `drop_all`."""

import sqlalchemy as sa

from qa_tui.store import frame_cache
from qa_tui.store.models import FrameCache

MARKER_TEXT = b"quixotic-cached-frame-contents"


def _write(admin, parts, marker=7):
    with admin.db.write() as session:
        frame_cache.write(session.connection(), admin.db.vault, parts, marker)


def _read(admin, names):
    with admin.db.read() as session:
        return frame_cache.read(session.connection(), admin.db.vault, names)


def test_parts_read_back_and_are_sealed_at_rest(admin):
    _write(admin, {"t/a": MARKER_TEXT, "t/b": b"other"})
    assert _read(admin, ["t/a", "t/b", "t/missing"]) == {"t/a": (7, MARKER_TEXT), "t/b": (7, b"other")}
    with admin.db.read() as session:
        blobs = session.execute(sa.select(FrameCache.blob)).scalars().all()
        assert sorted(frame_cache.names(session.connection(), "t/")) == ["t/a", "t/b"]
    assert blobs and all(MARKER_TEXT not in bytes(blob) for blob in blobs)


def test_a_part_rewritten_replaces_the_old_one(admin):
    _write(admin, {"t/a": b"first"}, marker=1)
    _write(admin, {"t/a": b"second"}, marker=2)
    assert _read(admin, ["t/a"]) == {"t/a": (2, b"second")}


def test_a_moved_or_tampered_part_reads_as_missing(admin):
    _write(admin, {"t/a": b"one", "t/b": b"two"})
    with admin.db.write() as session:
        blob = session.execute(sa.select(FrameCache.blob).where(FrameCache.name == "t/a")).scalar()
        session.execute(sa.update(FrameCache).where(FrameCache.name == "t/b").values(blob=blob))  # another part's
        session.execute(sa.update(FrameCache).where(FrameCache.name == "t/a").values(marker=8))  # another marker
    assert _read(admin, ["t/a", "t/b"]) == {}


def test_parts_under_another_master_key_read_as_missing(admin):
    _write(admin, {"t/a": b"one"})
    with admin.db.write() as session:
        session.execute(sa.update(FrameCache).values(key_id="rotated"))
    assert _read(admin, ["t/a"]) == {}


def test_drop_all_removes_every_part(admin):
    _write(admin, {"t/a": b"one", "u/b": b"two"})
    with admin.db.write() as session:
        assert frame_cache.drop_all(session.connection()) == 2
    assert _read(admin, ["t/a", "u/b"]) == {}
