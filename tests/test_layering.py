"""The core and the CLI's fast paths never import the UI toolkit."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    return set(result.stdout.split())


def test_core_imports_no_textual_rich_or_plotext() -> None:
    """relu_tui.core and everything in it is NumPy only."""
    import pkgutil

    import relu_tui.core

    names = [f"relu_tui.core.{m.name}" for m in pkgutil.iter_modules(relu_tui.core.__path__)]
    loaded = _modules_after("\n".join(f"import {name}" for name in names))
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "plotext"}}


def test_cli_import_does_not_load_textual() -> None:
    """Importing the CLI (for --help, --version, --print) leaves Textual unloaded."""
    loaded = _modules_after("import relu_tui.cli")
    assert "textual" not in loaded and "plotext" not in loaded
