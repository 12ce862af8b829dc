"""Every screen at 80×24 and 120×40, as pytest-textual-snapshot SVGs.

Screens that train start paused with fixed seeds; nothing timed is on the first view, so
the pictures are reproducible. Read the diff report before accepting an update
(`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from relu_tui.lessons.catalog import SCREENS, available_screens
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp

SIZES = [(80, 24), (120, 40)]


def _seeded(name: str) -> LaunchOptions:
    """Seed 0 on the screens whose lesson has a seed setting."""
    has_seed = "seed" in SCREENS[name].defaults()
    return LaunchOptions(screen=name, settings={"seed": 0} if has_seed else {})


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", available_screens())
def test_screen_snapshot(
    name: str, size: tuple[int, int], snap_compare: Callable[..., Any]
) -> None:
    """The screen's opening view matches its accepted picture."""
    app = ReluApp(start=name, launch_options=_seeded(name))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("name", available_screens())
def test_help_snapshot(name: str, snap_compare: Callable[..., Any]) -> None:
    """The ? help screen lists the screen's keys at 80×24."""
    app = ReluApp(start=name, launch_options=_seeded(name))
    assert snap_compare(app, terminal_size=(80, 24), press=("question_mark",))
