"""The command line: names, errors, --version, --help, --print basics."""

from __future__ import annotations

import subprocess
import sys

import pytest

from relu_tui import __version__
from relu_tui.cli.main import main
from relu_tui.lessons.catalog import SCREENS, available_screens


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relu_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_unknown_screen_is_one_line_listing_valid_names_exit_2() -> None:
    """A typo gets one line naming every valid screen, status 2, no traceback."""
    result = run("relu")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown screen 'relu'" in lines[0]
    for name in available_screens():
        assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_print_screen_is_refused_the_same_way(capsys: pytest.CaptureFixture[str]) -> None:
    """--print with a bad name: one line, exit 2."""
    assert main(["--print", "nope"]) == 2
    assert "unknown screen 'nope'" in capsys.readouterr().err


def test_bad_option_value_is_one_line() -> None:
    """A non-number --width is one line, status 2."""
    result = run("--print", "activations", "--width", "abc")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "'abc' is not a number" in result.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"relu-tui {__version__}"


def test_help_lists_every_screen(capsys: pytest.CaptureFixture[str]) -> None:
    """--help names all five screens and their keys."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, info in SCREENS.items():
        assert name in out and info.title in out


def test_app_without_a_terminal_says_so() -> None:
    """Run from a pipe (no TTY), the app refuses with a hint instead of hanging."""
    result = run()
    assert result.returncode == 2
    assert "--print" in result.stderr


@pytest.mark.parametrize("name", available_screens())
def test_print_every_screen_without_tty_no_ansi(name: str) -> None:
    """--print works in a pipe, exits 0, and (not a TTY) has no escape codes."""
    result = run("--print", name, "--width", "80", "--ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "\x1b[" not in result.stdout
    assert result.stdout.isascii() or name != "activations"


def test_export_needs_print_dead_or_approx(capsys) -> None:
    """--export without --print dead/approx is a one-line usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["--print", "activations", "--export", "x.py"])
    assert caught.value.code == 2
    assert "--export is an option of dead and approx, not activations" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["dead", "--export", "x.py"])
    assert "--export writes a script with --print dead or --print approx" in capsys.readouterr().err


def test_new_dead_options_are_range_checked(capsys) -> None:
    """--test-fraction 0-0.9, --noise 0-0.5, --l1/--l2 0-1: outside is a usage error."""
    for option, bad in (
        ("--test-fraction", "0.95"),
        ("--noise", "0.6"),
        ("--l2", "2"),
        ("--l1", "-0.1"),
    ):
        with pytest.raises(SystemExit):
            main(["--print", "dead", option, bad])
        assert "must be between" in capsys.readouterr().err
