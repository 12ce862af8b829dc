"""FrameDiff: the terminal shows the same frame as a full redraw, from fewer bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from relu_tui.ui.frame_diff import FrameDiff

SIZE = (12, 3)
_CONSOLE = Console(color_system="truecolor", force_terminal=True)
_TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[([0-9;]*)m|(.)", re.S)


def _apply(screen: list[list[tuple[str, str]]], sequence: str) -> None:
    """Play `sequence` (cursor moves, SGR codes, text) onto `screen`, as a terminal would."""
    y = x = 0
    codes = ""
    for move_y, move_x, sgr, char in _TOKEN.findall(sequence):
        if move_y:
            y, x = int(move_y) - 1, int(move_x) - 1
        elif char:
            screen[y][x] = (char, codes)
            x += 1
        else:
            codes = "" if sgr in ("", "0") else sgr


def _full(lines: list[tuple[int, int, Strip]]) -> str:
    """What Textual writes without FrameDiff."""
    return "".join(f"\x1b[{y + 1};{x + 1}H" + strip.render(_CONSOLE) for y, x, strip in lines)


def _strip(text: str, bold_from: int | None = None) -> Strip:
    if bold_from is None:
        return Strip([Segment(text, Style(color="red"))])
    return Strip([Segment(text[:bold_from]), Segment(text[bold_from:], Style(bold=True))])


def test_an_unchanged_frame_sends_nothing() -> None:
    """The same lines twice: the second time nothing is written."""
    diff = FrameDiff()
    lines = [(0, 0, _strip("hello world!")), (1, 2, _strip("abc"))]
    assert diff.render(lines, SIZE, ColorSystem.TRUECOLOR)
    assert diff.render(lines, SIZE, ColorSystem.TRUECOLOR) == ""


def test_one_changed_cell_is_one_move_and_one_cell() -> None:
    """A changed character is sent alone, after a cursor move to it."""
    diff = FrameDiff()
    diff.render([(0, 0, _strip("hello world!", 6))], SIZE, ColorSystem.TRUECOLOR)
    sent = diff.render([(0, 0, _strip("hello World!", 6))], SIZE, ColorSystem.TRUECOLOR)
    assert sent == "\x1b[1;7H\x1b[1mW\x1b[0m"


def test_forget_sends_everything_again() -> None:
    """After `forget` (a resize, a suspend) every cell is sent again."""
    diff = FrameDiff()
    lines = [(0, 0, _strip("hello world!"))]
    first = diff.render(lines, SIZE, ColorSystem.TRUECOLOR)
    diff.forget()
    assert diff.render(lines, SIZE, ColorSystem.TRUECOLOR) == first


def test_a_new_size_sends_everything_again() -> None:
    """A resized terminal may show anything: the first frame at the new size is whole."""
    diff = FrameDiff()
    lines = [(0, 0, _strip("hello"))]
    diff.render(lines, SIZE, ColorSystem.TRUECOLOR)
    assert "hello" in diff.render(lines, (13, 3), ColorSystem.TRUECOLOR)


def test_a_wide_character_is_never_cut_in_half() -> None:
    """A change next to a wide character re-sends the whole of it, never half."""
    diff = FrameDiff()
    diff.render([(0, 0, Strip([Segment("a中b")]))], SIZE, ColorSystem.TRUECOLOR)
    sent = diff.render([(0, 0, Strip([Segment("a中c")]))], SIZE, ColorSystem.TRUECOLOR)
    assert sent == "\x1b[1;4Hc"
    sent = diff.render([(0, 0, Strip([Segment("aXYc")]))], SIZE, ColorSystem.TRUECOLOR)
    assert sent == "\x1b[1;2HXY"


_LINE = st.tuples(
    st.integers(0, SIZE[1] - 1),
    st.integers(0, SIZE[0] - 1),
    st.text("ab .", min_size=1, max_size=SIZE[0]),
    st.none() | st.integers(0, SIZE[0]),
)


@settings(max_examples=200, deadline=None)
@given(frames=st.lists(st.lists(_LINE, min_size=1, max_size=4), min_size=1, max_size=6))
def test_the_terminal_shows_what_full_redraws_show(
    frames: list[list[tuple[int, int, str, int | None]]],
) -> None:
    """Any sequence of updates leaves the terminal as sending every update whole does."""
    diff = FrameDiff()
    width, height = SIZE
    diffed = [[("?", "")] * width for _ in range(height)]
    whole = [[("?", "")] * width for _ in range(height)]
    for frame in frames:
        lines = [(y, x, _strip(text[: width - x] or "a", bold)) for y, x, text, bold in frame]
        _apply(diffed, diff.render(lines, SIZE, ColorSystem.TRUECOLOR))
        _apply(whole, _full(lines))
        assert diffed == whole
