"""User accounts: add, list, disable, change passphrase, change role. Admins only, except your own passphrase."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa
from sqlmodel import Session, select

from qa_tui.errors import ConflictError, NotFound, UsageError
from qa_tui.services import audit
from qa_tui.services.permissions import Action, Role, require
from qa_tui.services.session import Actor
from qa_tui.services.validation import check_passphrase, check_user_name
from qa_tui.store.keyring import KeyringDoc, make_slot
from qa_tui.store.models import Agent, Team, User, UserTeam


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    name: str
    display_name: str
    role: Role
    disabled: bool
    created_at: datetime
    version: int
    teams: tuple[str, ...] = ()


def add_user(
    actor: Actor,
    *,
    name: str,
    role: Role,
    passphrase: str,
    display_name: str = "",
    teams: Iterable[str] = (),
    agent_id: uuid.UUID | None = None,
    kdf_cost: int | None = None,
) -> UserInfo:
    """Create an account and its key slot. `teams` (names) scope a team leader; `agent_id` links an agent.

    `kdf_cost` lowers scrypt's cost for accounts whose passphrase is public anyway (the demo centre).
    """
    require(actor, Action.MANAGE_USERS)
    check_user_name(name)
    check_passphrase(passphrase)
    with actor.db.write() as session:
        if session.exec(select(User).where(User.name == name)).first():
            raise UsageError(f"A user named {name!r} already exists.")
        user = User(name=name, display_name=display_name, role=role, agent_id=_checked_agent(session, role, agent_id))
        session.add(user)
        session.flush()
        team_ids = _team_ids(session, teams)
        session.add_all(UserTeam(user_id=user.id, team_id=team_id) for team_id in team_ids)
        audit.record(session, actor.db.vault, actor.name, "user.add", target_type="user", target_id=user.id,
                     detail={"name": name, "role": role, "teams": sorted(teams)})
        info = _info(session, user)
    _put_slot(actor, name, passphrase, kdf_cost)
    return info


def list_users(actor: Actor) -> list[UserInfo]:
    require(actor, Action.MANAGE_USERS)
    with actor.db.read() as session:
        return [_info(session, user) for user in session.exec(select(User).order_by(User.name)).all()]


def disable_user(actor: Actor, name: str, *, reason: str = "") -> None:
    """Disable an account and delete its key slot, so its passphrase opens nothing any more."""
    require(actor, Action.MANAGE_USERS)
    if name == actor.name:
        raise UsageError("You cannot disable your own account; ask another admin.")
    with actor.db.write() as session:
        user = _user(session, name)
        _update_versioned(session, user, disabled=True)
        audit.record(session, actor.db.vault, actor.name, "user.disable", target_type="user", target_id=user.id,
                     reason=reason, detail={"name": name})
    actor.db.keyring.update(lambda doc: _without_slot(doc, name))


def change_passphrase(actor: Actor, name: str, new_passphrase: str) -> None:
    """Give `name` a new key slot for `new_passphrase`; your own, or anyone's for an admin."""
    if name != actor.name:
        require(actor, Action.MANAGE_USERS)
    check_passphrase(new_passphrase)
    with actor.db.write() as session:
        user = _user(session, name)
        if user.disabled:
            raise UsageError(f"The account {name!r} is disabled.")
        audit.record(session, actor.db.vault, actor.name, "user.passphrase", target_type="user", target_id=user.id,
                     detail={"name": name})
    _put_slot(actor, name, new_passphrase)


def set_role(actor: Actor, name: str, role: Role, *, expected_version: int | None = None) -> UserInfo:
    """Change a user's role; with `expected_version`, refuse if someone changed the account since it was read."""
    require(actor, Action.MANAGE_USERS)
    if name == actor.name and role != Role.ADMIN:
        raise UsageError("You cannot take the admin role from yourself; ask another admin.")
    with actor.db.write() as session:
        user = _user(session, name)
        old_role = user.role
        _update_versioned(session, user, expected_version=expected_version, role=role)
        audit.record(session, actor.db.vault, actor.name, "user.role", target_type="user", target_id=user.id,
                     detail={"name": name, "from": old_role, "to": role})
        return _info(session, session.get(User, user.id))


def _put_slot(actor: Actor, name: str, passphrase: str, kdf_cost: int | None = None) -> None:
    vault = actor.db.vault

    def change(doc: KeyringDoc) -> KeyringDoc:
        ref = doc.slot_ref(name)
        slot = make_slot(passphrase, {vault.key_id: vault.master_key}, ref, kdf_cost=kdf_cost)
        return replace(doc, slots={**doc.slots, ref: slot}, backoff={k: v for k, v in doc.backoff.items() if k != ref})

    actor.db.keyring.update(change)


def _without_slot(doc: KeyringDoc, name: str) -> KeyringDoc:
    ref = doc.slot_ref(name)
    return replace(doc, slots={k: v for k, v in doc.slots.items() if k != ref})


def _user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFound(f"There is no user named {name!r}.")
    return user


def _update_versioned(session: Session, user: User, *, expected_version: int | None = None, **values) -> None:
    """UPDATE ... WHERE version = seen: a change someone else made first is reported, never overwritten."""
    seen = user.version if expected_version is None else expected_version
    result = session.execute(
        sa.update(User).where(User.id == user.id, User.version == seen).values(**values, version=seen + 1)
    )
    if result.rowcount != 1:
        raise ConflictError(f"The account {user.name!r} was changed by someone else; reload and try again.")
    session.expire(user)


def _checked_agent(session: Session, role: Role, agent_id: uuid.UUID | None) -> uuid.UUID | None:
    if agent_id is not None and session.get(Agent, agent_id) is None:
        raise NotFound("The agent record to link does not exist.")
    if role == Role.AGENT and agent_id is None:
        raise UsageError("An agent account must be linked to an agent record (--agent).")
    return agent_id


def _team_ids(session: Session, names: Iterable[str]) -> list[uuid.UUID]:
    ids = []
    for name in names:
        team = session.exec(select(Team).where(Team.name == name)).first()
        if team is None:
            raise NotFound(f"There is no team named {name!r}.")
        ids.append(team.id)
    return ids


def _info(session: Session, user: User) -> UserInfo:
    teams = session.exec(
        select(Team.name).join(UserTeam, UserTeam.team_id == Team.id).where(UserTeam.user_id == user.id)
    ).all()
    return UserInfo(user.id, user.name, user.display_name, Role(user.role), user.disabled, user.created_at,
                    user.version, tuple(sorted(teams)))
