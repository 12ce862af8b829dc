"""Terminals a few columns wide: the command palette and the level chooser stay up."""

from __future__ import annotations

import pytest

from relu_tui.ui.app import ReluApp


@pytest.mark.parametrize(
    ("start", "keys", "widths"),
    [
        ("dosage", ("ctrl+p",), (4, 3, 2, 1)),
        ("dosage", ("ctrl+p", "t"), (6, 5, 4)),
        ("puzzle", ("o",), (5, 4, 3, 2, 1)),
    ],
)
async def test_open_lists_survive_resizes_to_a_few_columns(
    start: str, keys: tuple[str, ...], widths: tuple[int, ...]
) -> None:
    """With the palette (or the Puzzle's level chooser) open, resizing to 1-6 columns used
    to end the app with ValueError from rich's chop_cells (a wrap into 0 columns)."""
    app = ReluApp(start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        for width in widths:
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            await pilot.pause(0.1)
            assert app.is_running and app._exception is None, width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.is_running and app._exception is None
