from datetime import UTC, datetime

import pytest

from qa_tui.errors import PermissionDenied, UsageError
from qa_tui.services import accounts, interactions, mystery
from qa_tui.services.permissions import Role
from qa_tui.services.unlock import sign_in


@pytest.fixture
def manager(admin, location):
    accounts.add_user(admin, name="mo", role=Role.QA_MANAGER, passphrase="role passphrase")
    return sign_in(location, "mo", "role passphrase")


def test_a_visit_is_an_interaction_with_its_scenario_and_shopper(manager, org):
    scenario = mystery.create_scenario(manager, mystery.Scenario(
        "Broadband upgrade in branch", "branch_visit", persona="Retired teacher, hard of hearing",
        script="Ask about upgrading; mention the hearing loop.", objectives="Offer the hearing loop unprompted",
        expected={"greeting": "Greets within 30 seconds"}))
    shopper = mystery.add_shopper(manager, "Sam Secret")
    visited = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
    interaction_id = mystery.record_visit(manager, scenario_id=scenario, shopper_id=shopper, agent_id=org[2],
                                          visited_at=visited, place="Leeds Briggate", duration_seconds=540,
                                          notes="Served by Priya Sharma; I gave my number 07700 900123.")
    visit = mystery.get_visit(manager, interaction_id)
    assert (visit.shopper, visit.place, visit.scenario.expected) == ("Sam Secret", "Leeds Briggate", {"greeting": "Greets within 30 seconds"})
    view = interactions.get_interaction(manager, interaction_id)
    assert view.channel == "mystery_shop" and "07700 900123" not in view.text and "Priya Sharma" in view.text


def test_bad_scenarios_and_roles_are_refused(manager, admin):
    with pytest.raises(UsageError, match="channel is one of"):
        mystery.create_scenario(manager, mystery.Scenario("X", "carrier pigeon"))
    with pytest.raises(PermissionDenied, match="may not run mystery shopping"):
        mystery.add_shopper(admin, "Sam")
