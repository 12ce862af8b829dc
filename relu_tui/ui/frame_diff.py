"""FrameDiff: send the terminal only the cells an update changes.

Textual repaints a changed widget's whole region, every cell with its colour codes: a new
curve in a plot re-sends the axes, the labels and the blank area around it, and a nudge
cost 10-20 KB at 120x40. Over SSH, or in a served class where every byte goes to each
browser, that is most of what a key costs. `FrameDiff` keeps what the terminal shows (one
character and one colour code per cell) and turns each of Textual's updates into cursor
moves and the cells that differ, grouped by colour. What the terminal ends up showing is
the same; only the bytes change.

The record is only trusted while nothing else draws: it starts unknown (every cell sent)
and is forgotten when the terminal's size changes or the app is suspended (`forget`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

GAP = 3
"""Unchanged cells between two changed runs that are re-sent rather than jumped over (a
cursor move costs about as many bytes as three plain cells)."""

_UNKNOWN = None
"""A cell the terminal may show anything in: it never matches, so it is always sent."""

Cell = tuple[str, str, str]
"""(character, codes before it, codes after it); a wide character's second cell has ""."""


class FrameDiff:
    """What the terminal shows, cell by cell, and the sequence that brings it up to date."""

    def __init__(self) -> None:
        self._chars: list[list[str | None]] = []
        self._codes: list[list[str | None]] = []
        self._size = (0, 0)
        self._unrecorded: list[tuple[int, int, Strip]] = []
        """Lines sent whole, to be recorded cell by cell before the next update."""
        self._codes_of: dict[Style | None, tuple[str, str]] = {None: ("", "")}
        self._color_system = ColorSystem.TRUECOLOR

    def forget(self) -> None:
        """The terminal may show anything now: the next update sends every cell it covers."""
        self._size = (0, 0)
        self._unrecorded = []
        self._chars = []
        self._codes = []

    def render(
        self,
        lines: Iterable[tuple[int, int, Strip]],
        size: tuple[int, int],
        color_system: ColorSystem | None,
    ) -> str:
        """The terminal sequence that draws `lines` (y, x, strip), skipping unchanged cells.

        Args:
            lines: pieces of the screen to show, each a strip starting at column x, row y.
            size: the screen's (width, height); a new size forgets what was shown.
            color_system: the console's, as Textual renders it (None: true colour).

        Returns:
            Cursor moves and styled text, as `Strip.render` writes them.
        """
        system = color_system or ColorSystem.TRUECOLOR
        if size != self._size or system != self._color_system:
            width, height = size
            self._size, self._color_system = size, system
            self._chars = [[_UNKNOWN] * width for _ in range(height)]
            self._codes = [[_UNKNOWN] * width for _ in range(height)]
            self._codes_of = {None: ("", "")}
            # Nothing is known: every cell goes out as it is. Recording the cells waits for
            # the next update, so the first frame (start-up, a resize) costs nothing extra.
            self._unrecorded = list(lines)
            return "".join(
                f"\x1b[{y + 1};{x + 1}H" + self._plain(strip, width - x)
                for y, x, strip in lines
                if 0 <= y < height and x < width
            )
        if self._unrecorded:
            unrecorded, self._unrecorded = self._unrecorded, []
            self.render(unrecorded, size, color_system)
        out: list[str] = []
        width, height = size
        for y, x, strip in lines:
            if not 0 <= y < height or x >= width:
                continue
            chars, codes = self._cells(strip)
            end = min(width, x + len(chars))
            if end <= x:
                continue
            chars, codes = chars[: end - x], codes[: end - x]
            old_chars, old_codes = self._chars[y], self._codes[y]
            if old_chars[x:end] == chars and old_codes[x:end] == codes:
                continue
            for start, stop in _changed_runs(old_chars, old_codes, chars, codes, x):
                out.append(f"\x1b[{y + 1};{start + 1}H")
                out.append(_styled(chars, codes, start - x, stop - x))
            old_chars[x:end] = chars
            old_codes[x:end] = codes
        return "".join(out)

    def _plain(self, strip: Strip, width: int) -> str:
        """The strip as Textual writes it, cut to `width` cells."""
        if strip.cell_length > width:
            strip = strip.crop(0, width)
        render, system = Strip.render_style, self._color_system
        return "".join(
            text if style is None else render(style, text, system)
            for text, style, control in strip
            if not control
        )

    def _cells(self, strip: Strip) -> tuple[list[str | None], list[str | None]]:
        """The strip as one character and one code key per cell."""
        chars: list[str | None] = []
        codes: list[str | None] = []
        codes_of = self._codes_of
        for segment in strip:
            text, style, control = segment
            if control or not text:
                continue
            pair = codes_of.get(style)
            if pair is None:
                pair = codes_of[style] = self._render_codes(style)
            key = pair[0] + "\0" + pair[1]
            if cell_len(text) == len(text):
                chars.extend(text)
                codes.extend([key] * len(text))
                continue
            for char in text:
                size = get_character_cell_size(char)
                if size == 2:
                    chars.extend((char, ""))
                    codes.extend((key, key))
                elif size == 1 or not chars:
                    chars.append(char)
                    codes.append(key)
                else:  # a combining character joins the cell before it
                    chars[-1] = (chars[-1] or "") + char
        return chars, codes

    def _render_codes(self, style: Style | None) -> tuple[str, str]:
        """What Textual writes before and after a text in `style`."""
        if style is None:
            return ("", "")
        rendered = Strip.render_style(style, "\1", self._color_system)
        before, _, after = rendered.partition("\1")
        return before, after


def _changed_runs(
    old_chars: list[str | None],
    old_codes: list[str | None],
    chars: list[str | None],
    codes: list[str | None],
    x: int,
) -> Iterator[tuple[int, int]]:
    """Columns [start, stop) of the cells that differ, runs closer than GAP joined."""
    run_start = -1
    run_stop = -1
    for index, (char, code) in enumerate(zip(chars, codes, strict=True)):
        column = x + index
        if old_chars[column] == char and old_codes[column] == code:
            continue
        if run_start >= 0 and column - run_stop > GAP:
            yield _whole(chars, run_start - x, run_stop - x, x)
            run_start = -1
        if run_start < 0:
            run_start = column
        run_stop = column + 1
    if run_start >= 0:
        yield _whole(chars, run_start - x, run_stop - x, x)


def _whole(chars: list[str | None], start: int, stop: int, x: int) -> tuple[int, int]:
    """The run widened so no wide character is cut in half."""
    while start > 0 and chars[start] == "":
        start -= 1
    while stop < len(chars) and chars[stop] == "":
        stop += 1
    return x + start, x + stop


def _styled(chars: list[str | None], codes: list[str | None], start: int, stop: int) -> str:
    """Cells [start, stop) as text, one pair of codes around each run of one style."""
    parts: list[str] = []
    index = start
    while index < stop:
        key = codes[index]
        end = index + 1
        while end < stop and codes[end] == key:
            end += 1
        before, _, after = (key or "\0").partition("\0")
        text = "".join(char or "" for char in chars[index:end])
        parts.append(f"{before}{text}{after}")
        index = end
    return "".join(parts)
