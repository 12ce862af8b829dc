"""Outside text (arguments, paths, file contents) is shown as text, never parsed as markup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from tests.ui.puzzle_keys import LEVEL_1_TYPED


def _toasts(app: ReluApp) -> list[str]:
    """What each notification's toast draws."""
    return [str(Toast(notification).render()) for notification in app._notifications]


@pytest.mark.parametrize("level", ["[/]", "[@click=app.quit]q[/]", "[bold]x", "[red"])
async def test_markup_in_a_level_argument_is_shown_as_typed(level: str) -> None:
    """`relu-tui puzzle --level '[/]'` showed a MarkupError traceback; `[@click=app.quit]`
    made a live link. Now the message shows the text itself and the app keeps running."""
    app = ReluApp(start="puzzle", launch_options=LaunchOptions(settings={"level": level}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(level in m for m in messages)
        assert all(not n.markup for n in app._notifications)
        assert any(level in shown for shown in _toasts(app))
        await pilot.press("3")  # still answers keys
        assert app.is_running


async def test_control_characters_in_a_level_argument_are_escaped() -> None:
    """An escape sequence typed as a level is shown as `\\x1b...`, not sent to the terminal."""
    app = ReluApp(
        start="puzzle", launch_options=LaunchOptions(settings={"level": "a\x1b]0;pwned\x07"})
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("a\\x1b]0;pwned\\x07" in m for m in messages)
        assert not any("\x1b" in m or "\x07" in m for m in messages)


async def test_state_folder_named_with_markup_holding_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A state folder whose name contains `[/]`, holding a corrupt puzzle.json, crashed the
    puzzle screen; now its message names the folder as it is."""
    state = tmp_path / "odd [/] [@click=app.quit]x[/] state"
    folder = state / "relu-tui"
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_text("{corrupt")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(str(folder) in m and "unreadable" in m for m in messages)
        assert any("[/]" in shown for shown in _toasts(app))
    assert os.path.exists(folder / "puzzle.json.corrupt")


async def test_unreadable_progress_says_so_and_the_solve_does_not_overwrite(
    monkeypatch: pytest.MonkeyPatch, _isolated_state: Path
) -> None:
    """A puzzle.json that cannot be read: the screen says it plays without saving, and a
    solve leaves the file as it was (it used to be replaced)."""
    folder = _isolated_state / "relu-tui"
    folder.mkdir(parents=True)
    path = folder / "puzzle.json"
    os.mkfifo(path)  # not a regular file: refused without blocking
    app = ReluApp(start="puzzle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("without saving" in n.message for n in app._notifications)
        await pilot.press(*LEVEL_1_TYPED)
        assert app.screen.state.solved
        await pilot.pause()
        assert any("not saved" in n.message.lower() for n in app._notifications)
    assert path.exists() and not path.is_file()
