"""What keeps start-up and redraws cheap: per-screen stylesheets read on demand, one CSS
parse per source, and a footer rebuilt only when its keys change."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from relu_tui.lessons.catalog import SCREENS, available_screens
from relu_tui.ui.app import ReluApp


@pytest.mark.parametrize(
    "path", [info.stylesheet_path for info in SCREENS.values()], ids=lambda p: p.stem
)
def test_screen_stylesheet_rules_are_scoped_to_its_screens(path: Path) -> None:
    """Each rule starts with a Screen class of that screen's module (after `ReluApp.-ascii`
    for rules of the --ascii state), so reading the file when the screen is first built
    cannot restyle another screen."""
    module = importlib.import_module(SCREENS[path.stem].screen.partition(":")[0])
    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.read(path)
    sheet.parse()
    for rule in sheet.rules:
        for selector_set in rule.selector_set:
            selectors = list(selector_set.selectors)
            if selectors[0].name == "ReluApp":  # an app-wide state first (`ReluApp.-ascii`)
                selectors = [s for s in selectors[1:] if s.type is SelectorType.TYPE]
            name = selectors[0].name
            cls = getattr(module, name, None)
            assert isinstance(cls, type) and issubclass(cls, Screen), (
                f"{path.name}: rule {rule.selectors!r} is not scoped to a screen of "
                f"{module.__name__}"
            )


def _sources(app: ReluApp) -> set[str]:
    return {Path(location).name for location, _ in app.stylesheet.source}


async def test_only_the_start_screens_stylesheet_is_read_until_another_opens() -> None:
    names = available_screens()
    other = next(name for name in names if name != "activations")
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "activations.tcss" in _sources(app)
        assert f"{other}.tcss" not in _sources(app)
        await pilot.press(SCREENS[other].key)
        await pilot.pause()
        assert app.current_mode == other
        assert f"{other}.tcss" in _sources(app)
        rules = [
            rule
            for rule in app.stylesheet.rules
            for selectors in rule.selector_set
            if selectors.selectors[0].name == type(app.screen).__name__
        ]
        assert rules, f"no rule of {other}.tcss is in the app's stylesheet"


async def test_css_is_parsed_once_per_source_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's mode start-up used to parse relu-tui's stylesheets three times."""
    parsed: list[object] = []
    original = Stylesheet._parse_rules

    def counting(
        self: Stylesheet, css: str, read_from: object, *args: object, **kwargs: object
    ) -> object:
        key = (css, read_from, *args, *kwargs.values())
        if key not in self._parse_cache and str(read_from[0]).endswith(".tcss"):
            parsed.append(read_from)
        return original(self, css, read_from, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "_parse_rules", counting)
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert parsed
    twice = {source for source in parsed if parsed.count(source) > 1}
    assert not twice, f"parsed more than once: {twice}"


def _footer_keys(app: ReluApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_footer_shows_keys_in_the_first_frame_and_rebuilds_only_on_change() -> None:
    app = ReluApp(start="activations")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = _footer_keys(app)
        assert "Help" in [key.description for key in first]
        app.screen.refresh_bindings()  # nothing the footer shows has changed
        app.screen.query_one("#values").blur()
        app.screen.query_one("#values").focus()
        await pilot.pause()
        assert _footer_keys(app) == first  # the same widgets: not rebuilt
        await pilot.press("e")  # typing the inputs enables "Cancel typing"
        await pilot.pause()
        assert "Cancel typing" in [key.description for key in _footer_keys(app)]
        await pilot.press("escape")
        await pilot.pause()
        assert "Cancel typing" not in [key.description for key in _footer_keys(app)]


def test_first_frame_imports_only_what_it_draws() -> None:
    """Opening the Activations screen imports neither the other screens, nor numpy.ma (which
    np.unique and np.union1d import on first use, ~12 ms), nor the ReLU Explained view's
    core (networks and training); numpy uses one BLAS thread and the start-up heap is
    frozen."""
    code = (
        "import sys\n"
        "from relu_tui.ui.app import ReluApp\n"
        "class Once(ReluApp):\n"
        "    def on_mount(self):\n"
        "        self.call_after_refresh(self.exit)\n"
        "Once(start='activations').run(headless=True, size=(120, 40))\n"
        "import gc, os\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'), gc.get_freeze_count() > 10_000)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    settings, names = done.stdout.splitlines()
    # One BLAS thread (small arrays, no thread start-up cost); the long-lived start-up
    # objects are frozen out of the garbage collector's full collections.
    assert settings == "1 True"
    modules = set(names.split())
    assert "relu_tui.lessons.activations.screen" in modules
    assert "plotext" in modules  # the first frame has a plot
    assert "numpy.ma" not in modules
    assert "relu_tui.lessons.activations.explained" not in modules  # its view opens later
    others = {f"relu_tui.ui.screens.{name}" for name in available_screens()} - {
        "relu_tui.lessons.activations.screen"
    }
    assert not modules & others


def _modules_in_subprocess(code: str, tmp_path: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache")),
    )
    return set(done.stdout.split())


def test_the_command_line_imports_no_lesson_core_before_the_app_runs(tmp_path: Path) -> None:
    """`relu-tui activations` with no settings reads none: the lesson's settings, state and
    numpy are left for the screen to import (after the cached first frame, if there is one)."""
    code = (
        "import sys\n"
        "import relu_tui.cli.main as cli\n"
        "from relu_tui.ui.app import ReluApp\n"
        "cli._is_tty = lambda stream: True\n"
        "ReluApp.run = lambda self, *args, **kwargs: print(' '.join(sorted(sys.modules)))\n"
        "cli.main(['activations'])\n"
    )
    modules = _modules_in_subprocess(code, tmp_path)
    assert "relu_tui.ui.app" in modules
    assert not {"numpy", "plotext", "relu_tui.lessons.activations.state"} & modules


def test_a_cached_first_frame_is_shown_before_numpy_is_imported(tmp_path: Path) -> None:
    """The second launch alike draws its first frame from the cache: by then neither numpy,
    plotext nor the screen's module is imported; the first launch imports them first."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from relu_tui.ui.app import ReluApp\n"
        "class Once(ReluApp):\n"
        "    def _display(self, screen, renderable):\n"
        "        super()._display(screen, renderable)\n"
        "        if renderable is not None:\n"
        "            print(type(screen).__name__, ' '.join(sorted(sys.modules)), flush=True)\n"
        "            os._exit(0)\n"
        f"Once(start='activations', frame_cache=Path({str(tmp_path)!r}))"
        ".run(headless=True, size=(120, 40))\n"
    )
    first = _modules_in_subprocess(code, tmp_path)
    assert {"ActivationsScreen", "numpy", "plotext"} <= first
    second = _modules_in_subprocess(code, tmp_path)
    assert "FrameScreen" in second
    assert not {"numpy", "plotext", "relu_tui.lessons.activations.screen"} & second
