"""The demo centre's accounts: one featured user per role, all with one printed passphrase."""

from __future__ import annotations

from dataclasses import dataclass

from qa_tui.services.permissions import Role

DEMO_PASSPHRASE = "qa-tui demo centre"
"""Public on purpose: it is printed by `qa-tui demo` so that anyone can try every role."""

DEMO_KDF_COST = 2**12
"""Scrypt's N for demo key slots: the passphrase is public, so a slow KDF would only slow the demo down."""

DEFAULT_USER = "manager"


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: Role
    display_name: str
    about: str


FEATURED_USERS = (
    DemoUser("admin", Role.ADMIN, "Alex Morgan", "accounts, keys and the audit trail"),
    DemoUser("manager", Role.QA_MANAGER, "Helen Okafor", "scorecards, calibration, disputes and actions"),
    DemoUser("assessor", Role.ASSESSOR, "Dev Patel", "scores contacts (a lenient marker)"),
    DemoUser("assessor2", Role.ASSESSOR, "Rosie Campbell", "scores contacts (a harsh marker)"),
    DemoUser("leader", Role.TEAM_LEADER, "Gareth Lloyd", "leads the first team and sees only its agents"),
    DemoUser("agent", Role.AGENT, "Priya Sharma", "an agent in the first team, sees their own evaluations"),
    DemoUser("analyst", Role.ANALYST, "Wei Zhang", "aggregate figures, no personal free text"),
)
FEATURED_BY_NAME = {user.name: user for user in FEATURED_USERS}
ADMIN = FEATURED_USERS[0]
AGENT = FEATURED_BY_NAME["agent"]
