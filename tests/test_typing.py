"""relu_tui/ type-checks clean under mypy (issue 10), so it stays clean.

Skipped where mypy is not installed (the `test` extra installs it, so CI runs it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_mypy_finds_no_errors_in_relu_tui() -> None:
    """`mypy relu_tui` with the project's settings (pyproject.toml) reports nothing."""
    pytest.importorskip("mypy")
    cache = Path(tempfile.gettempdir()) / "relu-tui-mypy-cache"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "relu_tui"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
