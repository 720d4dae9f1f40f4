"""Scorecard templates shipped with qa-tui, one TOML file each, drawn from recognised practice.

Each template is a starting point an organisation copies and adapts: phone
call review, chat and email review, mystery shop by phone and by visit,
complaint handling with HEAT, and live observation.
"""

from __future__ import annotations

from importlib.resources import files

from qa_tui.domain.scorecard import Scorecard
from qa_tui.domain.scorecard_toml import load_scorecard_toml
from qa_tui.errors import UsageError

_SUFFIX = ".toml"


def list_templates() -> tuple[str, ...]:
    """Names of the shipped templates (file names without ``.toml``), sorted."""
    names = (entry.name for entry in files(__name__).iterdir() if entry.name.endswith(_SUFFIX))
    return tuple(sorted(name.removesuffix(_SUFFIX) for name in names))


def template_text(name: str) -> str:
    """The TOML text of a shipped template; raises UsageError for an unknown name."""
    if name not in list_templates():
        raise UsageError(f"There is no scorecard template '{name}'; choose one of: {', '.join(list_templates())}.")
    return files(__name__).joinpath(name + _SUFFIX).read_text(encoding="utf-8")


def load_template(name: str) -> Scorecard:
    """The shipped template ``name`` as a validated Scorecard."""
    return load_scorecard_toml(template_text(name))
