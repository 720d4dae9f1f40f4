"""A small modal form: text inputs, single choices and multiple choices; returns the values, or None if cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, SelectionList, Static


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"
    """'text', 'select' (one of `options`) or 'multi' (any of `options`)."""
    options: Sequence[str] = ()
    value: str = ""


class FormDialog(ModalScreen[dict | None]):
    """Tab between fields; Ctrl+S saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, title: str, fields: Sequence[Field]) -> None:
        super().__init__()
        self.form_title = title
        """Shown at the top of the dialog."""
        self.fields = list(fields)
        """What the form asks for, in order."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            yield Static(self.form_title, id="form-title")
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    yield Label(field.label)
                    yield self._widget(field)
            yield Static("Ctrl+S save · Esc cancel · Tab next field", id="form-hint")

    def _widget(self, field: Field):
        if field.kind == "select":
            options = [(option.replace("_", " "), option) for option in field.options]
            return Select(options, value=field.value or field.options[0], allow_blank=False, id=f"field-{field.name}")
        if field.kind == "multi":
            return SelectionList(*[(o.replace("_", " "), o) for o in field.options], id=f"field-{field.name}")
        return Input(value=field.value, id=f"field-{field.name}")

    def action_save(self) -> None:
        values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            values[field.name] = list(widget.selected) if field.kind == "multi" else widget.value
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
