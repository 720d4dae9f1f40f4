"""Start-up stays fast: the package, the CLI and the app import no heavy analytics libraries."""

import subprocess
import sys

import pytest

HEAVY = ["polars", "plotext", "scipy", "numpy", "textual_plotext"]


@pytest.mark.parametrize("module", ["qa_tui", "qa_tui.cli", "qa_tui.app"])
def test_module_imports_nothing_heavy(module):
    code = f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
