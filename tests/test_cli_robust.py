"""The command line never prints a traceback: pipes, full disks, odd encodings, terminals
without colour, narrow widths, control characters, Ctrl-C."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

from relu_tui.base.text import printable
from relu_tui.cli.main import fit_width
from relu_tui.lessons.catalog import available_screens

SCREENS = available_screens()


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    env.update(extra)
    return env


def run(
    *args: str, env: dict[str, str] | None = None, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relu_tui", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=env or _env(),
    )


def test_closed_pipe_ends_quietly_with_status_0() -> None:
    """`--print activations | true`: no BrokenPipeError traceback, status 0, stderr empty."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before anything is written, as with `| true`
    with os.fdopen(writer, "w") as closed:
        result = run("--print", "activations", stdout=closed.fileno())
    assert result.returncode == 0
    assert result.stderr == ""


def test_full_disk_is_one_line_and_status_1() -> None:
    """`> /dev/full`: one line naming the problem, status 1 (was an OSError traceback)."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = run("--print", "puzzle", stdout=full.fileno())
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left" in lines[0]
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.parametrize("name", SCREENS)
def test_ascii_output_encoding_falls_back_to_ascii_with_a_note(name: str) -> None:
    """PYTHONIOENCODING=ascii: ASCII output and a note (was UnicodeEncodeError)."""
    result = run("--print", name, env=_env(PYTHONIOENCODING="ascii"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and result.stdout.strip()
    assert "--ascii" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", SCREENS)
def test_ascii_flag_prints_nothing_above_7f(name: str) -> None:
    """`--print approx --ascii` printed ≈ · Σ ᵢ −; now every screen is pure ASCII."""
    result = run("--print", name, "--ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()


@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("flags", [(), ("--ascii",)])
def test_every_line_fits_the_width(name: str, flags: tuple[str, ...]) -> None:
    """`--columns 40`: no line longer than 40 columns (lines were up to 110). (`--width`
    is the same on a screen without a width setting; on Dead neurons it is the hidden
    layers' width.)"""
    result = run("--print", name, "--columns", "40", *flags)
    assert result.returncode == 0, result.stderr
    too_long = [line for line in result.stdout.splitlines() if len(line) > 40]
    assert too_long == []


def _through_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run with stdout on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "relu_tui", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    process.wait(timeout=10)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_but_not_with_term_dumb() -> None:
    """A terminal gets colour; TERM=dumb gets no escape codes (it used to get them)."""
    args = ["--print", "puzzle", "--width", "60"]
    assert "\x1b[" in _through_a_terminal(args, _env(TERM="xterm-256color"))
    dumb = _through_a_terminal(args, _env(TERM="dumb"))
    assert "Puzzle level 1" in dumb and "\x1b[" not in dumb


@pytest.mark.parametrize(
    "args",
    [
        ("--print", "puzzle", "--level", "a\x1b]0;pwned\x07"),
        ("--print", "puzzle", "--width", "a\x1b]0;pwned\x07"),
        ("a\x1b]0;pwned\x07",),
        ("--print", "approx", "--target", "x\x1b]0;pwned\x07"),
        ("--print", "dead", "--activation", "a\x1b]0;pwned\x07"),
    ],
)
def test_control_characters_in_arguments_are_echoed_escaped(args: tuple[str, ...]) -> None:
    """`--level $'a\\x1b]0;pwned\\x07'` retitled the terminal; now it is shown escaped."""
    result = run(*args)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ctrl_c_during_a_long_print_exits_130_without_a_traceback() -> None:
    """SIGINT in the middle of a long `--print dead` run: one line, status 130."""
    process = subprocess.Popen(
        [sys.executable, "-m", "relu_tui", "--print", "dead", "--epochs", "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    time.sleep(2.5)  # imports done, training under way
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err and "interrupted" in err


def test_fit_width_wraps_prose_and_keeps_plot_lines() -> None:
    """Long lines wrap with a deeper indent; lines with colour escapes are left alone."""
    text = "  " + "word " * 30 + "\n\x1b[31m" + "x" * 60 + "\x1b[0m"
    lines = fit_width(text, 40).splitlines()
    assert all(len(line) <= 40 for line in lines[:-1])
    assert lines[0].startswith("  word") and lines[1].startswith("    word")
    assert lines[-1].startswith("\x1b[31m")


def test_printable_escapes_control_characters() -> None:
    """Control characters (and bidi overrides) become escapes, all on one line."""
    assert printable("a\x1b]0;t\x07\nb") == "a\\x1b]0;t\\x07\\x0ab"
    assert printable("\u202eevil") == "\\u202eevil"
