"""The shipped scorecard templates: every one loads, validates and follows house rules."""

from __future__ import annotations

import pytest

from qa_tui.domain.scorecard import Compliance, CriterionType, Method, Scorecard
from qa_tui.domain.scorecard_toml import dump_scorecard_toml, load_scorecard_toml
from qa_tui.domain.scoring import score_evaluation
from qa_tui.domain.templates import list_templates, load_template, template_text
from qa_tui.errors import UsageError

NAMES = (
    "chat_email_review",
    "complaint_handling_heat",
    "live_observation",
    "mystery_shop_phone",
    "mystery_shop_visit",
    "phone_call_review",
)


@pytest.fixture(scope="module", params=NAMES)
def template(request: pytest.FixtureRequest) -> Scorecard:
    return load_template(request.param)


def test_the_six_templates_are_listed() -> None:
    assert list_templates() == NAMES


def test_an_unknown_template_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="There is no scorecard template 'golf'; choose one of: chat_email_review"):
        load_template("golf")


def test_every_criterion_has_a_servqual_dimension_and_guidance_or_anchors(template: Scorecard) -> None:
    for criterion in template.criteria:
        assert criterion.servqual is not None, criterion.key
        if criterion.type is CriterionType.SCALE:
            assert all(len(level.anchor) > 10 for level in criterion.levels), criterion.key
        else:
            assert len(criterion.guidance) > 20, criterion.key


def test_compliance_items_are_critical(template: Scorecard) -> None:
    critical = {c.key for c in template.criteria if c.critical}
    assert {"accurate_information", "fair_treatment"} <= critical
    for key in ("identity_verification", "personal_data_handling", "privacy_at_counter", "clean_desk"):
        if key in template.criteria_by_key:
            assert key in critical and Compliance.DATA_PROTECTION in template.criterion(key).compliance
    assert Compliance.EQUALITY_ACT_2010 in template.criterion("fair_treatment").compliance
    assert Compliance.CONSUMER_RIGHTS_ACT_2015 in template.criterion("accurate_information").compliance


def test_every_template_has_one_bonus_item_and_a_sensible_pass_mark(template: Scorecard) -> None:
    assert len([c for c in template.criteria if c.bonus]) == 1
    assert 70 <= template.pass_mark <= 90 and template.critical_fail_zeroes_score


def test_top_answers_score_one_hundred_and_a_critical_failure_scores_zero(template: Scorecard) -> None:
    top = {c.key: True if c.type is CriterionType.YES_NO else c.highest for c in template.criteria}
    assert score_evaluation(template, top).reported_percent == 100.0
    failed = score_evaluation(template, top | {"accurate_information": False})
    assert failed.reported_percent == 0.0 and failed.percent > 80 and failed.passed is False


def test_the_shipped_files_are_in_the_dumped_layout(template: Scorecard) -> None:
    assert load_scorecard_toml(dump_scorecard_toml(template)) == template


def test_shipped_text_round_trips_exactly() -> None:
    for name in NAMES:
        text = template_text(name)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        dumped = dump_scorecard_toml(load_scorecard_toml(text))
        assert "\n".join(line for line in dumped.splitlines() if not line.startswith("#")) == body


def test_communication_behaviours_are_covered() -> None:
    call = load_template("phone_call_review").criteria_by_key
    assert {"active_listening", "questioning", "empathy", "tone_and_language"} <= call.keys()
    assert "plain_language" in load_template("chat_email_review").criteria_by_key


def test_heat_sections_follow_the_model() -> None:
    heat = load_template("complaint_handling_heat")
    assert [s.key for s in heat.sections][:4] == ["hear", "empathise", "apologise", "take_ownership"]


def test_methods_suit_each_template() -> None:
    assert load_template("mystery_shop_visit").methods == (Method.MYSTERY_SHOP,)
    assert load_template("live_observation").methods == (Method.LIVE_OBSERVATION,)
    assert Method.CHAT_EMAIL_REVIEW in load_template("complaint_handling_heat").methods
