"""The adapters' screen protocols make a renamed screen action a type error, not a crash:
the Approximation crash (`action_toggle_view`, gone from the screen) is what mypy now sees."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

CRASH = """
from relu_tui.exercises.adapter import FitHost

def reopen(screen: FitHost) -> None:
    screen.action_toggle_view()
"""


def test_calling_an_action_the_screen_lacks_is_a_mypy_error(tmp_path: Path) -> None:
    """The old adapter's call, written against the protocol, fails to type-check."""
    pytest.importorskip("mypy")
    snippet = tmp_path / "crash.py"
    snippet.write_text(CRASH, encoding="utf-8")
    cache = Path(tempfile.gettempdir()) / "relu-tui-mypy-cache"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), str(snippet)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert '"FitHost" has no attribute "action_toggle_view"' in done.stdout
