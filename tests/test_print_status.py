"""ProgressLine: the progress of long `--print` runs on stderr."""

from __future__ import annotations

import io

from relu_tui.base.status import ProgressLine


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_not_a_terminal_quiet_at_first_then_a_line_now_and_then() -> None:
    """In a log: nothing for a short run, then whole lines at most every 5 s."""
    clock, stream = Clock(), io.StringIO()
    status = ProgressLine("training", 100_000, stream=stream, clock=clock)
    status.update(10)
    assert stream.getvalue() == ""
    for second in range(2, 13):
        clock.now = second
        status.update(second * 1000, "loss 0.5")
    status.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "relu-tui: training 2,000/100,000 (2%)  loss 0.5",
        "relu-tui: training 7,000/100,000 (7%)  loss 0.5",
        "relu-tui: training 12,000/100,000 (12%)  loss 0.5",
    ]


def test_terminal_line_is_redrawn_in_place_and_erased() -> None:
    """On a terminal: one line redrawn with \\r, erased at the end."""
    clock, stream = Clock(), Terminal()
    with ProgressLine("training", 10, stream=stream, clock=clock) as status:
        status.update(1)
        clock.now = 0.05
        status.update(2)  # too soon: not drawn
        clock.now = 0.2
        status.update(3, "detail\x1b[2J")
    text = stream.getvalue()
    assert "\n" not in text and "1/10" in text and "2/10" not in text and "3/10" in text
    assert "\\x1b[2J" in text and "\x1b" not in text
    assert text.endswith("\r") and text.rstrip("\r").split("\r")[-1].strip() == ""


def test_a_broken_stderr_is_not_an_error() -> None:
    """A closed stderr stops the progress quietly."""
    clock = Clock()
    status = ProgressLine("training", 10, stream=Broken(), clock=clock, quiet_for=0)
    status.update(1)
    clock.now = 100
    status.update(2)
    status.close()
