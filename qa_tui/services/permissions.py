"""Who may do what: the one place where roles meet actions.

Services call `require(actor, Action.X)` before they touch anything, so the CLI, the TUI and tests obey the same
rules. Scope (a team leader's teams, an agent's own records) is applied by the services' queries on top.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from qa_tui.errors import PermissionDenied

if TYPE_CHECKING:
    from qa_tui.services.session import Actor


class Role(StrEnum):
    ADMIN = "admin"
    QA_MANAGER = "qa_manager"
    ASSESSOR = "assessor"
    TEAM_LEADER = "team_leader"
    AGENT = "agent"
    ANALYST = "analyst"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Action(StrEnum):
    """Protected actions; the value reads as the end of "may not ...". """

    MANAGE_USERS = "manage user accounts"
    ROTATE_KEYS = "rotate the master key"
    VIEW_AUDIT = "view the audit trail"
    VERIFY_AUDIT = "verify the audit trail"
    MANAGE_ORG = "change sites, teams and agents"
    VIEW_ORG = "view sites, teams and agents"
    MANAGE_CUSTOMERS = "record customers"
    VIEW_CUSTOMERS = "view customers' contact details"
    RECORD_INTERACTIONS = "record interactions"
    VIEW_INTERACTIONS = "view interactions"
    VIEW_UNREDACTED = "view unredacted personal data"
    VIEW_AGGREGATES = "view aggregate figures"
    MANAGE_SCORECARDS = "change scorecards"
    VIEW_SCORECARDS = "view scorecards"
    EVALUATE = "score contacts"
    VIEW_EVALUATIONS = "view evaluations"
    RESPOND_TO_EVALUATIONS = "acknowledge or dispute evaluations"
    RESOLVE_DISPUTES = "resolve disputes"
    MANAGE_SAMPLING = "plan sampling and assign reviews"
    MANAGE_MYSTERY_SHOPS = "run mystery shopping"
    IMPORT_EVALUATIONS = "import scored evaluations"
    MANAGE_RETENTION = "change or run data retention"
    ERASE_SUBJECTS = "erase a person's data"
    EXPORT_SUBJECTS = "export a person's data"
    REVIEW_REDACTIONS = "review redactions"
    HANDLE_COMPLAINTS = "log and handle complaints"
    VIEW_COMPLAINTS = "view complaints"
    MANAGE_COMPLAINT_POLICY = "change the complaint policy"
    MANAGE_ACTIONS = "plan and run improvement actions"
    VIEW_ACTIONS = "view improvement actions"
    PRODUCE_REPORTS = "produce service review reports"
    IMPORT_DATA = "import data from files"
    MANAGE_STANDARDS = "set service standards"
    VIEW_VERBATIMS = "read survey verbatims and feedback notes"
    RUN_CALIBRATION = "run calibration sessions"
    TAKE_PART_IN_CALIBRATION = "take part in calibration sessions"
    VIEW_ASSESSOR_DRIFT = "view assessors' drift from calibration benchmarks"


_ALL = frozenset(Role)
_STAFF = frozenset({Role.ADMIN, Role.QA_MANAGER, Role.ASSESSOR})

RULES: dict[Action, frozenset[Role]] = {
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.ROTATE_KEYS: frozenset({Role.ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Action.VERIFY_AUDIT: frozenset({Role.ADMIN}),
    Action.MANAGE_ORG: frozenset({Role.ADMIN, Role.QA_MANAGER}),
    Action.VIEW_ORG: _ALL - {Role.AGENT},
    Action.MANAGE_CUSTOMERS: _STAFF,
    Action.VIEW_CUSTOMERS: frozenset({Role.ADMIN, Role.QA_MANAGER}),
    Action.RECORD_INTERACTIONS: _STAFF,
    # Team leaders see their teams' interactions, agents their own (scope applied in the query).
    Action.VIEW_INTERACTIONS: _ALL - {Role.ANALYST},
    Action.VIEW_UNREDACTED: frozenset({Role.ADMIN, Role.QA_MANAGER}),
    Action.VIEW_AGGREGATES: _ALL - {Role.AGENT},
    Action.MANAGE_SCORECARDS: frozenset({Role.QA_MANAGER}),
    Action.VIEW_SCORECARDS: frozenset({Role.QA_MANAGER, Role.ASSESSOR, Role.TEAM_LEADER}),
    Action.EVALUATE: frozenset({Role.QA_MANAGER, Role.ASSESSOR}),
    # Agents see their own, team leaders their teams' (scope applied in the query).
    Action.VIEW_EVALUATIONS: frozenset({Role.QA_MANAGER, Role.ASSESSOR, Role.TEAM_LEADER, Role.AGENT}),
    Action.RESPOND_TO_EVALUATIONS: frozenset({Role.AGENT}),
    Action.RESOLVE_DISPUTES: frozenset({Role.QA_MANAGER}),
    Action.MANAGE_SAMPLING: frozenset({Role.QA_MANAGER}),
    Action.MANAGE_MYSTERY_SHOPS: frozenset({Role.QA_MANAGER}),
    Action.IMPORT_EVALUATIONS: frozenset({Role.QA_MANAGER}),
    Action.MANAGE_RETENTION: frozenset({Role.ADMIN}),
    # Erasure and subject access touch everything held about a person, the audit trail included: admins only.
    Action.ERASE_SUBJECTS: frozenset({Role.ADMIN}),
    Action.EXPORT_SUBJECTS: frozenset({Role.ADMIN}),
    # Reviewers read the original text around each doubtful span, so only roles that may see it unredacted.
    Action.REVIEW_REDACTIONS: frozenset({Role.ADMIN, Role.QA_MANAGER}),
    # Team leaders handle their teams' complaints and run their teams' actions (scope applied in the query).
    Action.HANDLE_COMPLAINTS: frozenset({Role.QA_MANAGER, Role.TEAM_LEADER}),
    Action.VIEW_COMPLAINTS: frozenset({Role.QA_MANAGER, Role.TEAM_LEADER}),
    Action.MANAGE_COMPLAINT_POLICY: frozenset({Role.QA_MANAGER}),
    Action.MANAGE_ACTIONS: frozenset({Role.QA_MANAGER, Role.TEAM_LEADER}),
    Action.VIEW_ACTIONS: frozenset({Role.QA_MANAGER, Role.TEAM_LEADER, Role.ANALYST}),
    Action.PRODUCE_REPORTS: frozenset({Role.QA_MANAGER, Role.ANALYST}),
    Action.IMPORT_DATA: frozenset({Role.ADMIN, Role.QA_MANAGER}),
    Action.MANAGE_STANDARDS: frozenset({Role.QA_MANAGER}),
    # Redacted quotes only; analysts keep to aggregates (theme counts), agents to their own evaluations.
    Action.VIEW_VERBATIMS: frozenset({Role.ADMIN, Role.QA_MANAGER, Role.ASSESSOR, Role.TEAM_LEADER}),
    Action.RUN_CALIBRATION: frozenset({Role.QA_MANAGER}),
    # Only the session's own participants (and QA managers) see it; its answers stay blind until the reveal.
    Action.TAKE_PART_IN_CALIBRATION: frozenset({Role.QA_MANAGER, Role.ASSESSOR}),
    Action.VIEW_ASSESSOR_DRIFT: frozenset({Role.QA_MANAGER}),
}


IMPORT_KINDS: dict[str, tuple[Action, ...]] = {
    "interactions": (Action.IMPORT_DATA,),
    "surveys": (Action.IMPORT_DATA,),
    "feedback": (Action.IMPORT_DATA,),
    # Importing a complaint log is logging and handling every complaint in it: QA managers only (team leaders
    # handle complaints but do not import, admins import but do not handle complaints).
    "complaints": (Action.IMPORT_DATA, Action.HANDLE_COMPLAINTS),
}
"""What importing each kind of file needs."""


def allowed(role: Role, action: Action) -> bool:
    return role in RULES[action]


def require(actor: "Actor", action: Action) -> None:
    """Raise `PermissionDenied` unless the actor's role allows `action`."""
    if not allowed(actor.role, action):
        raise PermissionDenied(f"{actor.name} ({actor.role.label}) may not {action.value}.")


def may_import(role: Role, kind: str) -> bool:
    return kind in IMPORT_KINDS and all(allowed(role, action) for action in IMPORT_KINDS[kind])


def importable_kinds(role: Role) -> list[str]:
    """The kinds of file `role` may import, in the order they are offered."""
    return [kind for kind in IMPORT_KINDS if may_import(role, kind)]


def require_import(actor: "Actor", kind: str) -> None:
    """Raise `PermissionDenied` unless the actor may import files of `kind`."""
    for action in IMPORT_KINDS.get(kind, (Action.IMPORT_DATA,)):
        require(actor, action)


# Which main areas each role may open; what a role may not use is not offered to it.
AREA_ROLES: dict[str, frozenset[Role]] = {
    "home": _ALL,
    "queue": frozenset({Role.QA_MANAGER, Role.ASSESSOR}),
    "evaluations": _ALL - {Role.ANALYST, Role.ADMIN},
    "calibration": frozenset({Role.QA_MANAGER, Role.ASSESSOR}),
    "trends": _ALL - {Role.AGENT},
    "complaints": frozenset({Role.QA_MANAGER, Role.TEAM_LEADER}),
    "actions": frozenset({Role.QA_MANAGER, Role.TEAM_LEADER}),
    "scorecards": frozenset({Role.QA_MANAGER, Role.ASSESSOR}),
    "admin": frozenset({Role.ADMIN}),
}


def may_open_area(role: Role, area: str) -> bool:
    return role in AREA_ROLES.get(area, frozenset())
