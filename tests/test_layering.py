"""The core and the CLI's fast paths never import the UI toolkit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def _pure_modules() -> list[str]:
    """`base/`, `nn/`, and every lesson's state and figures: the layers that know no Textual."""
    import relu_tui

    root = Path(relu_tui.__file__).parent
    names = [
        f"relu_tui.{p.parent.name}.{p.stem}"
        for folder in ("base", "nn")
        for p in sorted((root / folder).glob("*.py"))
    ]
    for lesson in sorted((root / "lessons").iterdir()):
        for p in sorted(lesson.glob("*.py")):
            if p.stem not in {"screen", "__init__"}:
                names.append(f"relu_tui.lessons.{lesson.name}.{p.stem}")
    return names


def test_core_imports_no_textual_rich_or_plotext() -> None:
    """base/, nn/ and each lesson's non-screen modules load no Textual, rich or plotext."""
    names = [n for n in _pure_modules() if not n.endswith(("figures", "printout"))]
    loaded = _modules_after("\n".join(f"import {name}" for name in names))
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "rich", "plotext"}}


def test_lesson_figures_and_printouts_import_no_textual() -> None:
    """A lesson's figures and `--print` module draw through plotting/, never Textual."""
    names = [n for n in _pure_modules() if n.endswith(("figures", "printout"))]
    loaded = _modules_after("\n".join(f"import {name}" for name in names))
    assert "textual" not in loaded


def test_cli_import_does_not_load_textual() -> None:
    """Importing the CLI (for --help, --version, --print) leaves Textual unloaded."""
    loaded = _modules_after("import relu_tui.cli.main")
    assert "textual" not in loaded and "plotext" not in loaded
