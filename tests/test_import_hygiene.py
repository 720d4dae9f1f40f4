"""Start-up stays fast: the package, the CLI and the app import no heavy analytics libraries; the app sets Textual's
frame rate before Textual loads."""

import subprocess
import sys

import pytest

HEAVY = ["polars", "plotext", "scipy", "numpy", "textual_plotext"]


@pytest.mark.parametrize("module", ["qa_tui", "qa_tui.cli", "qa_tui.app"])
def test_module_imports_nothing_heavy(module):
    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


@pytest.mark.parametrize(("given", "expected"), [(None, "120"), ("30", "30")])
def test_the_app_sets_textuals_frame_rate_unless_the_user_did(given, expected, monkeypatch):
    monkeypatch.delenv("TEXTUAL_FPS", raising=False)
    if given:
        monkeypatch.setenv("TEXTUAL_FPS", given)
    code = "import qa_tui.app, textual.constants; print(textual.constants.MAX_FPS)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == expected
