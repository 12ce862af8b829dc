"""FrameDiff: send the terminal only the cells an update changes, and only the colour codes
that change between them.

Textual repaints a changed widget's whole region, every cell with its colour codes: a new
curve in a plot re-sends the axes, the labels and the blank area around it, and each run of
one style goes out as its full codes (`ESC[38;2;r;g;b;48;2;r;g;bm`, 30-odd bytes) followed
by a reset. Over SSH, or in a served class where every byte goes to each browser, that is
most of what a key costs. `FrameDiff` keeps what the terminal shows (one character and one
pen per cell) and turns each of Textual's updates into cursor moves and the cells that
differ, writing only the part of the pen that changes from one run to the next (a new
foreground is `ESC[38;2;r;g;bm` alone; an attribute switched off resets, as it must). A
blank cell's foreground and its invisible attributes (bold, italic...) do not show, so a
blank that only changed colour is not sent, and a blank costs no colour change. What the
terminal ends up showing is the same as Textual's own output; only the bytes change.

The record is only trusted while nothing else draws: it starts unknown (every cell sent)
and is forgotten when the terminal's size changes or the app is suspended (`forget`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

_UNKNOWN = None
"""A cell the terminal may show anything in: it never matches, so it is always sent."""

_ATTRIBUTES = (
    ("bold", "1"),
    ("dim", "2"),
    ("italic", "3"),
    ("underline", "4"),
    ("blink", "5"),
    ("blink2", "6"),
    ("reverse", "7"),
    ("conceal", "8"),
    ("strike", "9"),
    ("underline2", "21"),
    ("frame", "51"),
    ("encircle", "52"),
    ("overline", "53"),
)
"""Rich's style attributes and their SGR codes, in the order Textual writes them."""

_SEEN_ON_BLANK = sum(
    1 << bit
    for bit, (name, _) in enumerate(_ATTRIBUTES)
    if name in ("underline", "reverse", "strike", "underline2", "frame", "encircle", "overline")
)
"""Attributes that show on a space; a space in bold or italic looks like any space."""

_ALL = (1 << len(_ATTRIBUTES)) - 1

_ANY = "*"
"""A pen's foreground when it does not show (a blank cell): whatever the terminal has."""

Pen = tuple[int, int, str, str, str]
"""(attributes, attributes that matter, foreground codes, background codes, link).

Attributes are a bit mask over `_ATTRIBUTES`; colours are SGR codes ("" for the default,
`_ANY` for a foreground that does not show); the link is "" or `id;url` for OSC 8."""

_PLAIN: Pen = (0, _ALL, "", "", "")
"""The terminal's pen after a reset, and before and after every update."""


class FrameDiff:
    """What the terminal shows, cell by cell, and the sequence that brings it up to date."""

    def __init__(self) -> None:
        self._chars: list[list[str | None]] = []
        self._pens: list[list[Pen | None]] = []
        self._size = (0, 0)
        self._unrecorded: list[tuple[int, int, Strip]] = []
        """Lines sent whole, to be recorded cell by cell before the next update."""
        self._pens_of: dict[Style | None, tuple[Pen, Pen]] = {None: (_PLAIN, _PLAIN)}
        """A style's pen, and its pen on a blank cell."""
        self._color_system = ColorSystem.TRUECOLOR
        self._strips: list[dict[int, tuple[int, Strip]]] = []
        """Per row, the strips recorded there (x -> (end, strip)) that nothing overwrote
        since: an equal strip at the same place again changes nothing (about half of the
        lines of an update), and is skipped before turning it into cells."""

    def forget(self) -> None:
        """The terminal may show anything now: the next update sends every cell it covers."""
        self._size = (0, 0)
        self._strips = []
        self._unrecorded = []
        self._chars = []
        self._pens = []

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
            Cursor moves and styled text; the pen is reset at the end.
        """
        system = color_system or ColorSystem.TRUECOLOR
        width, height = size
        if size != self._size or system != self._color_system:
            self._size, self._color_system = size, system
            self._chars = [[_UNKNOWN] * width for _ in range(height)]
            self._pens = [[_UNKNOWN] * width for _ in range(height)]
            self._strips = [{} for _ in range(height)]
            self._pens_of = {None: (_PLAIN, _PLAIN)}
            # Nothing is known: every cell goes out. Recording the cells waits for the next
            # update, so the first frame (start-up, a resize) costs little more than usual.
            self._unrecorded = list(lines)
            return self._whole(self._unrecorded, width, height)
        if self._unrecorded:
            unrecorded, self._unrecorded = self._unrecorded, []
            self.render(unrecorded, size, color_system)
        spans: dict[int, list[tuple[int, int]]] = {}
        for y, x, strip in lines:
            if not 0 <= y < height or x >= width:
                continue
            recorded = self._strips[y]
            kept = recorded.get(x)
            if kept is not None and (kept[1] is strip or kept[1] == strip):
                continue
            chars, pens = self._cells(strip)
            end = min(width, x + len(chars))
            if end <= x:
                continue
            for start in [
                start for start, (stop, _) in recorded.items() if start < end and x < stop
            ]:
                del recorded[start]  # drawn over, wholly or in part
            recorded[x] = (end, strip)
            chars, pens = chars[: end - x], pens[: end - x]
            old_chars, old_pens = self._chars[y], self._pens[y]
            if old_chars[x:end] == chars and old_pens[x:end] == pens:
                continue
            spans.setdefault(y, []).extend(_changed_runs(old_chars, old_pens, chars, pens, x))
            old_chars[x:end] = chars
            old_pens[x:end] = pens
        # Pieces of one update may overlap: what goes out is each changed cell's last state.
        changes: list[_Change] = [
            (y, start, self._chars[y][start:stop], self._pens[y][start:stop])
            for y in sorted(spans)
            for start, stop in _merged(spans[y])
        ]
        if not changes:
            return ""
        # Row by row re-sends a colour code at each change of colour along a row; colour by
        # colour sends each colour once and moves the cursor more. A plot of several curves
        # costs less the second way, a panel of text the first: send the shorter.
        return _shorter(self._by_rows(changes, width), _by_pens(changes, width))

    def _by_rows(self, changes: list[_Change], width: int) -> str:
        """The changes in screen order, a short gap re-sent rather than jumped."""
        pen_out = _Pen()
        out = pen_out.out
        cursor_y, cursor_x = -1, -1
        for y, start, chars, pens in changes:
            if cursor_y == y and cursor_x <= start:
                if cursor_x < start:
                    gap = _gap(pen_out.pen, self._chars[y], self._pens[y], cursor_x, start)
                    if gap is None:
                        out.append(f"\x1b[{start - cursor_x}C")
                    else:
                        pen_out.write(gap)
            else:
                out.append(_move(y, start))
            pen_out.cells(chars, pens, 0, len(chars))
            stop = start + len(chars)
            # After the last column the cursor may wait to wrap: place it anew next time.
            cursor_y, cursor_x = (y, stop) if stop < width else (-1, -1)
        return pen_out.finish()

    def _whole(self, lines: list[tuple[int, int, Strip]], width: int, height: int) -> str:
        """Every strip in `lines` as it is, each after a cursor move, cut to the screen."""
        pen_out = _Pen()
        out = pen_out.out
        pens_of = self._pens_of
        for y, x, strip in lines:
            if not 0 <= y < height or x >= width:
                continue
            if strip.cell_length > width - x:
                strip = strip.crop(0, width - x)
            out.append(f"\x1b[{y + 1}H" if x == 0 else f"\x1b[{y + 1};{x + 1}H")
            for text, style, control in strip:
                if control or not text:
                    continue
                pair = pens_of.get(style)
                if pair is None:
                    pair = pens_of[style] = self._pens_for(style)
                pen_out.text(text, pair[0])
        return pen_out.finish()

    def _cells(self, strip: Strip) -> tuple[list[str | None], list[Pen | None]]:
        """The strip as one character and one pen per cell."""
        chars: list[str | None] = []
        pens: list[Pen | None] = []
        pens_of = self._pens_of
        for segment in strip:
            text, style, control = segment
            if control or not text:
                continue
            pair = pens_of.get(style)
            if pair is None:
                pair = pens_of[style] = self._pens_for(style)
            pen, blank = pair
            if cell_len(text) == len(text):
                chars.extend(text)
                if pen is blank or " " not in text:
                    pens.extend([pen] * len(text))
                else:
                    pens.extend([blank if char == " " else pen for char in text])
                continue
            for char in text:
                size = get_character_cell_size(char)
                if size == 2:
                    chars.extend((char, ""))
                    pens.extend((pen, pen))
                elif size == 1 or not chars:
                    chars.append(char)
                    pens.append(blank if char == " " else pen)
                else:  # a combining character joins the cell before it
                    chars[-1] = (chars[-1] or "") + char
                    pens[-1] = pen
        return chars, pens

    def _pens_for(self, style: Style | None) -> tuple[Pen, Pen]:
        """A style's pen, as Textual would write it, and the same on a blank cell."""
        if style is None:
            return _PLAIN, _PLAIN
        attributes = 0
        for bit, (name, _) in enumerate(_ATTRIBUTES):
            if getattr(style, name):
                attributes |= 1 << bit
        system = self._color_system
        color, bgcolor = style.color, style.bgcolor
        fg = "" if color is None else ";".join(color.downgrade(system).get_ansi_codes())
        bg = (
            ""
            if bgcolor is None
            else ";".join(bgcolor.downgrade(system).get_ansi_codes(foreground=False))
        )
        link = f"{style.link_id};{style.link}" if style.link else ""
        pen: Pen = (attributes, _ALL, fg, bg, link)
        seen = attributes & _SEEN_ON_BLANK
        blank: Pen = (seen, _SEEN_ON_BLANK, fg if seen else _ANY, bg, link)
        return pen, (pen if blank == pen else blank)


class _Pen:
    """The output of one update, and the pen the terminal has at its end."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.pen: Pen = _PLAIN

    def text(self, text: str, wanted: Pen) -> None:
        if wanted != self.pen:
            codes, self.pen = _shift(self.pen, wanted)
            self.out.append(codes)
        self.out.append(text)

    def cells(self, chars: list[str | None], pens: list[Pen | None], start: int, stop: int) -> None:
        """Cells [start, stop) of a line, one pen change before each run of one pen."""
        out = self.out
        index = start
        while index < stop:
            wanted = pens[index]
            end = index + 1
            while end < stop and pens[end] == wanted:
                end += 1
            if wanted is not None and wanted != self.pen:
                codes, self.pen = _shift(self.pen, wanted)
                out.append(codes)
            out.append("".join(char or "" for char in chars[index:end]))
            index = end

    def write(self, cells: list[tuple[str, Pen]]) -> None:
        for char, wanted in cells:
            self.text(char, wanted)

    def finish(self) -> str:
        if self.pen[4]:
            self.out.append("\x1b]8;;\x1b\\")
        if self.pen[0] or self.pen[2] not in ("", _ANY) or self.pen[3]:
            self.out.append("\x1b[0m")
        self.pen = _PLAIN
        return "".join(self.out)


_SHIFTS: dict[tuple[Pen, Pen], tuple[str, Pen]] = {}


def _shift(pen: Pen, wanted: Pen) -> tuple[str, Pen]:
    """The codes that take the terminal from `pen` to one that draws as `wanted` does, and
    the terminal's pen after them."""
    key = (pen, wanted)
    found = _SHIFTS.get(key)
    if found is not None:
        return found
    attributes, _, fg, bg, link = pen
    want_attributes, matters, want_fg, want_bg, want_link = wanted
    codes: list[str] = []
    if attributes & ~want_attributes & matters:  # only a reset switches attributes off
        codes.append("0")
        attributes, fg, bg = 0, "", ""
    for bit, (_, code) in enumerate(_ATTRIBUTES):
        if want_attributes & ~attributes & (1 << bit):
            codes.append(code)
    attributes |= want_attributes
    if want_fg != _ANY and want_fg != fg:
        codes.append(want_fg or "39")
        fg = want_fg
    if want_bg != bg:
        codes.append(want_bg or "49")
        bg = want_bg
    sequence = f"\x1b[{';'.join(codes)}m" if codes else ""
    if want_link != link:
        sequence += f"\x1b]8;id={want_link}\x1b\\" if want_link else "\x1b]8;;\x1b\\"
    found = _SHIFTS[key] = (sequence, (attributes, _ALL, fg, bg, want_link))
    return found


_Change = tuple[int, int, list["str | None"], list["Pen | None"]]
"""(row, first column, the cells' characters, their pens) of one run of changed cells."""


def _move(y: int, x: int) -> str:
    """The cursor to row y, column x (0-based)."""
    return f"\x1b[{y + 1}H" if x == 0 else f"\x1b[{y + 1};{x + 1}H"


def _shorter(by_rows: str, by_pens: str) -> str:
    """The sequence with fewer bytes (either draws the same)."""
    return by_pens if len(by_pens.encode()) < len(by_rows.encode()) else by_rows


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Column spans [start, stop) of one row, overlapping or touching ones joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def _by_pens(changes: list[_Change], width: int) -> str:
    """The changes one pen at a time: all cells of one pen, in screen order, then the next."""
    pieces: dict[Pen | None, list[tuple[int, int, str, int]]] = {}
    for y, start, chars, pens in changes:
        index = 0
        while index < len(chars):
            pen = pens[index]
            end = index + 1
            # A blank goes with a neighbour it looks right in: one piece, one cursor move.
            while end < len(chars) and pen is not None:
                other = pens[end]
                if other is None:
                    break
                if other != pen and not _fits(pen, other):
                    if not _fits(other, pen):
                        break
                    pen = other
                end += 1
            text = "".join(char or "" for char in chars[index:end])
            pieces.setdefault(pen, []).append((y, start + index, text, end - index))
            index = end
    pen_out = _Pen()
    out = pen_out.out
    cursor_y, cursor_x = -1, -1
    for pen, runs in pieces.items():
        for y, x, text, cells in sorted(runs):
            if cursor_y != y or cursor_x > x:
                out.append(_move(y, x))
            elif cursor_x < x:
                out.append(f"\x1b[{x - cursor_x}C")
            if pen is not None:
                pen_out.text(text, pen)
            else:
                out.append(text)
            stop = x + cells
            cursor_y, cursor_x = (y, stop) if stop < width else (-1, -1)
    return pen_out.finish()


def _fits(pen: Pen, blank: Pen) -> bool:
    """Whether a cell wanting `blank` (a blank's pen) looks right drawn with `pen` (any)."""
    return pen[1] == _ALL and pen[2] != _ANY and not _shift(pen, blank)[0]


def _gap(
    pen: Pen, chars: list[str | None], pens: list[Pen | None], start: int, stop: int
) -> list[tuple[str, Pen]] | None:
    """Cells [start, stop) of a row, to re-send rather than jump over when that is no longer
    than the jump (None: jump)."""
    jump = 3 + len(str(stop - start))
    if stop - start > jump:
        return None
    cost = 0
    cells = []
    for index in range(start, stop):
        char, wanted = chars[index], pens[index]
        if char is None or wanted is None:
            return None
        if char == "":  # the second half of a wide character just re-sent
            continue
        codes, pen = _shift(pen, wanted)
        cost += len(codes) + len(char.encode())
        if cost > jump:
            return None
        cells.append((char, wanted))
    return cells


def _changed_runs(
    old_chars: list[str | None],
    old_pens: list[Pen | None],
    chars: list[str | None],
    pens: list[Pen | None],
    x: int,
) -> list[tuple[int, int]]:
    """Columns [start, stop) of each run of cells that differ, wide characters whole."""
    runs: list[tuple[int, int]] = []
    run_start = -1
    for index, (char, pen) in enumerate(zip(chars, pens, strict=True)):
        column = x + index
        if old_chars[column] == char and old_pens[column] == pen:
            if run_start >= 0:
                runs.append(_whole(chars, run_start - x, index, x))
                run_start = -1
            continue
        if run_start < 0:
            run_start = column
    if run_start >= 0:
        runs.append(_whole(chars, run_start - x, len(chars), x))
    return runs


def _whole(chars: list[str | None], start: int, stop: int, x: int) -> tuple[int, int]:
    """The run widened so no wide character is cut in half."""
    while start > 0 and chars[start] == "":
        start -= 1
    while stop < len(chars) and chars[stop] == "":
        stop += 1
    return x + start, x + stop
