"""User settings: a hand-edited `config.toml` (key remapping) and a small state file the app writes (theme).

    # ~/.config/qa-tui/config.toml (or $QA_TUI_CONFIG)
    theme = "textual-light"
    [keymap]
    "app.area.trends" = "f5"     # binding id = key; ids are listed in the help screen (F1)
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from qa_tui.errors import UsageError

ENV_CONFIG = "QA_TUI_CONFIG"


@dataclass(frozen=True)
class Settings:
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s), overriding the defaults."""
    theme: str | None = None
    """A Textual theme name; the last one chosen in the app wins over the config file."""


def config_path() -> Path:
    from platformdirs import user_config_path

    return Path(os.environ.get(ENV_CONFIG) or user_config_path("qa-tui", appauthor=False) / "config.toml")


def state_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("qa-tui", appauthor=False) / "state.json"


def load_settings() -> Settings:
    """Read the config file and the saved state; a malformed config raises UsageError naming the file."""
    config = _read_config(config_path())
    keymap = config.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise UsageError(f"{config_path()}: [keymap] must map binding ids to key names, such as \"app.quit\" = \"ctrl+x\".")
    theme = _read_state().get("theme") or config.get("theme")
    return Settings(keymap=dict(keymap), theme=theme if isinstance(theme, str) else None)


def save_theme(theme: str) -> None:
    """Remember the chosen theme for next time (best effort: a read-only home is not an error)."""
    path = state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**_read_state(), "theme": theme}), encoding="utf-8")
    except OSError:
        pass


def _read_config(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path} is not valid TOML: {error}.") from None


def _read_state() -> dict:
    try:
        state = json.loads(state_path().read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (FileNotFoundError, ValueError, OSError):
        return {}
