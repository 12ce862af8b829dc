"""relu_tui/ type-checks clean under `mypy --strict` (issues 10, 17), so it stays clean; the
exceptions are all in pyproject.toml's [[tool.mypy.overrides]], each with its reason.

Skipped where mypy is not installed (the `test` extra installs it, so CI runs it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

pytestmark = pytest.mark.slow  # mypy --strict over the whole package: about a minute


def test_mypy_finds_no_errors_in_relu_tui() -> None:
    """`mypy --strict relu_tui` with the project's overrides (pyproject.toml) reports nothing."""
    pytest.importorskip("mypy")
    cache = Path(tempfile.gettempdir()) / "relu-tui-mypy-cache"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "relu_tui"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
