"""Stage ordering: `after` is respected, ties run alphabetically, and mistakes are reported."""

import pytest

from qa_tui.demo.registry import Stage, demo_stage, ordered, registered_stages


def _stage(name, *after):
    return Stage(name, lambda ctx: None, after)


def test_after_is_respected_and_ties_are_alphabetical():
    stages = [_stage("scores", "interactions"), _stage("interactions", "org"), _stage("org"), _stage("alpha")]
    assert [s.name for s in ordered(stages)] == ["alpha", "org", "interactions", "scores"]


def test_unknown_dependency_is_reported():
    with pytest.raises(ValueError, match="unknown stage"):
        ordered([_stage("scores", "nothing")])


def test_cycle_is_reported():
    with pytest.raises(ValueError, match="wait for each other"):
        ordered([_stage("a", "b"), _stage("b", "a")])


def test_two_stages_cannot_share_a_name(monkeypatch):
    from qa_tui.demo import registry

    monkeypatch.setattr(registry, "_REGISTRY", {})
    demo_stage("test-duplicate")(lambda ctx: None)
    with pytest.raises(ValueError, match="Two demo stages"):
        demo_stage("test-duplicate")(lambda ctx: None)


def test_the_built_in_stages_are_discovered_in_a_working_order():
    names = [stage.name for stage in registered_stages()]
    for before, after in [("org", "agents"), ("agents", "staff"), ("org", "customers"), ("customers", "interactions"),
                          ("agents", "interactions")]:
        assert names.index(before) < names.index(after)
