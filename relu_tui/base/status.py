"""Progress of a long `--print` run on stderr: a live line on a terminal, a line now and then
otherwise, never an error (a closed or full stderr just stops it)."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from relu_tui.base.text import printable


class ProgressLine:
    """Reports `done` of `total` steps of a long computation on stderr.

    On a terminal one line is redrawn in place (at most every `live_every` seconds) and
    erased by `close()`. Elsewhere (a log file, a pipe) a whole line is written once the
    run has taken `quiet_for` seconds, then at most every `log_every` seconds, so a long
    run in a script still shows it is alive while a short one writes nothing.

    Usage::

        with ProgressLine("training", total=epochs) as status:
            for report in trainer.run(epochs):
                status.update(report.epoch, f"loss {fmt(report.loss)}")
    """

    def __init__(
        self,
        label: str,
        total: int,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        live_every: float = 0.1,
        log_every: float = 5.0,
        quiet_for: float = 2.0,
    ) -> None:
        self.label = label
        self.total = max(int(total), 1)
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        try:
            self._live = self._stream.isatty()
        except (AttributeError, ValueError, OSError):
            self._live = False
        self._every = live_every if self._live else log_every
        self._start = clock()
        self._next = self._start + (0.0 if self._live else quiet_for)
        self._shown = False
        self._broken = False

    def update(self, done: int, detail: str = "") -> None:
        """Report progress; cheap when called far more often than it draws."""
        now = self._clock()
        if self._broken or now < self._next:
            return
        self._next = now + self._every
        percent = 100 * min(max(done, 0), self.total) / self.total
        text = f"relu-tui: {self.label} {done:,}/{self.total:,} ({percent:.0f}%)"
        if detail:
            text += f"  {printable(detail)}"
        if self._live:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._write("\r" + text[:width].ljust(width) + "\r")
        else:
            self._write(text + "\n")
        self._shown = True

    def close(self) -> None:
        """Erase the live line (a logged line stays)."""
        if self._live and self._shown and not self._broken:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._write("\r" + " " * width + "\r")
        self._shown = False

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # stderr closed or full: progress is not worth an error
            self._broken = True

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
