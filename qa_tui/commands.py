"""Command palette (Ctrl+P): go to any area the signed-in role may open, import a file, get help."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from qa_tui.services.permissions import importable_kinds
from qa_tui.widgets.nav import visible_areas


class AreaCommands(Provider):
    """'Go to Trends' and friends, for the areas the user may open."""

    def _commands(self):
        actor = getattr(self.app, "actor", None)
        if actor is None:
            return []
        return [
            (f"Go to {area.title}", partial(self.app.action_area, area.id), f"{area.key} · {area.summary}")
            for area in visible_areas(actor.role)
        ]

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class ImportCommands(Provider):
    """'Import a file' for the roles that may import."""

    def _command(self):
        actor = getattr(self.app, "actor", None)
        if actor is None or not self.app.check_action("import_data", ()):
            return None
        kinds = ", ".join(importable_kinds(actor.role))
        return "Import a file", self.app.action_import_data, f"Ctrl+O · {kinds} from CSV, Parquet or XLSX"

    async def discover(self) -> Hits:
        command = self._command()
        if command:
            yield DiscoveryHit(command[0], command[1], help=command[2])

    async def search(self, query: str) -> Hits:
        command = self._command()
        score = self.matcher(query).match(command[0]) if command else 0
        if command and score > 0:
            yield Hit(score, self.matcher(query).highlight(command[0]), command[1], help=command[2])
