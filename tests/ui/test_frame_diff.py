"""FrameDiff: the terminal shows the same frame as a full redraw, from fewer bytes."""

from __future__ import annotations

import re
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from relu_tui.ui import frame_diff
from relu_tui.ui.frame_diff import FrameDiff

SIZE = (12, 3)
_CONSOLE = Console(color_system="truecolor", force_terminal=True)
_TOKEN = re.compile(
    r"\x1b\[(?P<y>\d+)(?:;(?P<x>\d+))?H|\x1b\[(?P<forward>\d+)C|\x1b\[(?P<sgr>[0-9;]*)m"
    r"|\x1b\]8;(?P<osc>[^\x1b]*)\x1b\\|(?P<char>.)",
    re.S,
)
_SEEN_ON_BLANK = {"4", "7", "9", "21", "51", "52", "53"}
Cell = tuple[str, frozenset[str], str, str, str]
"""(character, attribute codes, foreground, background, link) as a terminal shows it."""


def _screen() -> list[list[Cell]]:
    return [[("?", frozenset(), "", "", "")] * SIZE[0] for _ in range(SIZE[1])]


def _apply(screen: list[list[Cell]], sequence: str) -> None:
    """Play `sequence` (cursor moves, SGR codes, links, text) onto `screen` as a terminal
    does: SGR codes change the pen, which stays until changed or reset."""
    y = x = 0
    attributes: set[str] = set()
    fg = bg = link = ""
    for token in _TOKEN.finditer(sequence):
        kind = token.lastgroup
        if kind in ("y", "x"):
            y, x = int(token["y"]) - 1, int(token["x"] or 1) - 1
        elif kind == "forward":
            x += int(token["forward"])
        elif kind == "char":
            screen[y][x] = (token["char"], frozenset(attributes), fg, bg, link)
            x += 1
        elif kind == "osc":
            link = token["osc"].partition(";")[2]
        else:
            codes = iter(token["sgr"].split(";"))
            for code in codes:
                if code in ("", "0"):
                    attributes, fg, bg = set(), "", ""
                elif code in ("38", "48"):
                    mode = next(codes)
                    value = ";".join([mode, *(next(codes) for _ in range(3 if mode == "2" else 1))])
                    fg, bg = (value, bg) if code == "38" else (fg, value)
                elif code == "39":
                    fg = ""
                elif code == "49":
                    bg = ""
                elif 30 <= int(code) <= 37 or 90 <= int(code) <= 97:
                    fg = code
                elif 40 <= int(code) <= 47 or 100 <= int(code) <= 107:
                    bg = code
                else:
                    attributes.add(code)


def _shown(screen: list[list[Cell]]) -> list[list[Cell]]:
    """What the eye sees: a space's foreground and invisible attributes do not show."""
    return [
        [
            (" ", attributes & _SEEN_ON_BLANK, fg if attributes & _SEEN_ON_BLANK else "", bg, link)
            if char == " "
            else (char, attributes, fg, bg, link)
            for char, attributes, fg, bg, link in row
        ]
        for row in screen
    ]


def _full(lines: list[tuple[int, int, Strip]]) -> str:
    """What Textual writes without FrameDiff."""
    return "".join(f"\x1b[{y + 1};{x + 1}H" + strip.render(_CONSOLE) for y, x, strip in lines)


_STYLES = (
    None,
    Style(color="red"),
    Style(bold=True),
    Style(color="red", bgcolor="blue"),
    Style(color="green", underline=True),
    Style(bold=True, bgcolor="blue"),
    Style(reverse=True),
    Style(color="red", link="https://example.org"),
)


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


def test_a_new_foreground_on_the_same_background_sends_only_the_foreground() -> None:
    """Two runs on one background: the second changes the foreground alone, no reset."""
    diff = FrameDiff()
    red, green = (
        Style(color="#ff0000", bgcolor="#000080"),
        Style(color="#00ff00", bgcolor="#000080"),
    )
    sent = diff.render([(0, 0, Strip([Segment("ab", red), Segment("cd", green)]))], SIZE, None)
    assert sent == "\x1b[1H\x1b[38;2;255;0;0;48;2;0;0;128mab\x1b[38;2;0;255;0mcd\x1b[0m"


def test_a_blank_that_only_changed_foreground_is_not_sent() -> None:
    """A space shows no foreground: recolouring blank cells sends nothing."""
    diff = FrameDiff()
    diff.render([(0, 0, Strip([Segment("   ", Style(color="red"))]))], SIZE, None)
    diff.render([(0, 0, Strip([Segment("   ", Style(color="red"))]))], SIZE, None)
    assert diff.render([(0, 0, Strip([Segment("   ", Style(color="blue"))]))], SIZE, None) == ""


def test_an_attribute_switched_off_resets_the_pen() -> None:
    """Bold text then plain text: the plain text follows a reset, never inherits bold."""
    diff = FrameDiff()
    sent = diff.render([(0, 0, Strip([Segment("a", Style(bold=True)), Segment("b")]))], SIZE, None)
    assert sent == "\x1b[1H\x1b[1ma\x1b[0mb"


def test_a_short_gap_is_re_sent_and_a_long_one_jumped() -> None:
    """Changes two plain cells apart go out as one run; farther apart, as a forward move."""
    diff = FrameDiff()
    diff.render([(0, 0, Strip([Segment("abcdefghijkl")]))], SIZE, None)
    diff.render([(0, 0, Strip([Segment("abcdefghijkl")]))], SIZE, None)
    assert diff.render([(0, 0, Strip([Segment("Xbcdefghijkl")]))], SIZE, None) == "\x1b[1HX"
    sent = diff.render([(0, 0, Strip([Segment("YbZdefghijkW")]))], SIZE, None)
    assert sent == "\x1b[1HYbZ\x1b[8CW"


_LINE = st.tuples(
    st.integers(0, SIZE[1] - 1),
    st.integers(0, SIZE[0] - 1),
    st.lists(
        st.tuples(st.text("ab .", min_size=1, max_size=4), st.sampled_from(_STYLES)),
        min_size=1,
        max_size=4,
    ),
)


@pytest.mark.parametrize("order", ["shorter", "rows", "pens"])
@settings(max_examples=300, deadline=None)
@given(frames=st.lists(st.lists(_LINE, min_size=1, max_size=4), min_size=1, max_size=6))
def test_the_terminal_shows_what_full_redraws_show(
    order: str, frames: list[list[tuple[int, int, list[tuple[str, Style | None]]]]]
) -> None:
    """Any sequence of updates, in any mix of styles, leaves the terminal looking as sending
    every update whole does: sent row by row, colour by colour, or the shorter of the two."""
    pick = {
        "shorter": frame_diff._shorter,
        "rows": lambda by_rows, by_pens: by_rows,
        "pens": lambda by_rows, by_pens: by_pens,
    }[order]
    with patch.object(frame_diff, "_shorter", pick):
        _play(frames)


def _play(frames: list[list[tuple[int, int, list[tuple[str, Style | None]]]]]) -> None:
    diff = FrameDiff()
    width, _ = SIZE
    diffed = _screen()
    whole = _screen()
    for frame in frames:
        lines = [
            (y, x, Strip([Segment(text, style) for text, style in parts]).crop(0, width - x))
            for y, x, parts in frame
        ]
        _apply(diffed, diff.render(lines, SIZE, ColorSystem.TRUECOLOR))
        _apply(whole, _full(lines))
        assert _shown(diffed) == _shown(whole)


def test_a_plot_of_interleaved_colours_goes_out_colour_by_colour() -> None:
    """Two colours alternating along rows: each colour's code is sent once, not per run."""
    diff = FrameDiff()
    red, blue = Style(color="#ff0000"), Style(color="#0000ff")
    lines = [
        (y, 0, Strip([Segment("ab", red if x % 2 else blue) for x in range(6)])) for y in range(3)
    ]
    diff.render([(y, 0, Strip([Segment(" " * 12)])) for y in range(3)], SIZE, None)
    diff.render([(y, 0, Strip([Segment(" " * 12)])) for y in range(3)], SIZE, None)
    sent = diff.render(lines, SIZE, None)
    assert sent.count("38;2;255;0;0") == 1 and sent.count("38;2;0;0;255") == 1
