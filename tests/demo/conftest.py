"""The small demo centre, generated once for the tests that only read it."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory):
    """(location, context) of the small demo centre for seed 7 on TODAY; its admin is signed out."""
    from qa_tui.demo.builder import create_demo
    from qa_tui.store.engine import resolve_location

    location = resolve_location(str(tmp_path_factory.mktemp("demo") / "demo-small.db"))
    return location, create_demo(location, scale="small", seed=7, today=TODAY)


@pytest.fixture
def sign_in_as(small_demo):
    """Sign in to the small demo as a demo user; signs everyone out afterwards."""
    from qa_tui.demo.builder import sign_in_demo
    from qa_tui.services.unlock import sign_out

    actors = []

    def sign_in(name: str):
        actors.append(sign_in_demo(small_demo[0], name))
        return actors[-1]

    yield sign_in
    for actor in actors:
        sign_out(actor)
