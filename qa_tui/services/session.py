"""The acting user: who is signed in, with which role and scope, on which unlocked database.

Every service takes an `Actor` first; nothing writes without one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from qa_tui.services.permissions import Role
from qa_tui.store.database import Database


@dataclass(frozen=True)
class Actor:
    db: Database
    user_id: uuid.UUID
    name: str
    role: Role
    display_name: str = ""
    team_ids: frozenset[uuid.UUID] = frozenset()
    agent_id: uuid.UUID | None = None

    @property
    def label(self) -> str:
        """How the status bar names the user: 'Ann Smith (qa manager)'."""
        return f"{self.display_name or self.name} ({self.role.label})"
