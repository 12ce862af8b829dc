"""The command line in hostile conditions: a closed stdout, Ctrl-C during start-up, names
with terminal escapes, exports onto existing files, devices and impossible names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from relu_tui.base.text import terminal_safe


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}


def run(
    *args: str, cwd: Path | None = None, stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relu_tui", *args],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=_env(),
        cwd=cwd,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_closed_stdout_is_one_line_and_status_1() -> None:
    """`relu-tui --print activations >&-` (Python then has no sys.stdout at all)."""
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m relu_tui --print activations >&-', sys.executable],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert result.returncode == 1
    assert "standard output is closed" in _one_line(result)


def test_ctrl_c_while_start_up_imports_run_is_status_130_without_a_traceback() -> None:
    """A KeyboardInterrupt in the middle of importing the command line (as a Ctrl-C in the
    first tens of milliseconds gives): one line, status 130."""
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def slow(name, *args, **kwargs):\n"
        "    if name == 'numpy':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = slow\n"
        "from relu_tui.cli.entry import run\n"
        "sys.argv = ['relu-tui', '--print', 'activations']\n"
        "sys.exit(run())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=_env()
    )
    assert result.returncode == 130
    assert _one_line(result) == "relu-tui: interrupted"


def test_a_data_file_name_with_escapes_is_printed_escaped(tmp_path: Path) -> None:
    """`--print dead --data $'evil\\e[2J\\aname.csv'`: no ESC or BEL on stdout or stderr."""
    name = tmp_path / "evil\x1b[2J\x07name.csv"
    name.write_text("x,y\n1,1\n2,4\n3,9\n4,16\n5,25\n")
    result = run("--print", "dead", "--data", str(name), "--epochs", "20")
    assert result.returncode == 0, result.stderr
    assert "\\x1b[2J\\x07name.csv" in result.stdout
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream
    missing = run("--print", "dead", "--data", str(tmp_path / "no\x1b]0;title\x07.csv"))
    assert "\x1b" not in missing.stderr and "\x07" not in missing.stderr


def test_terminal_safe_keeps_only_colour_escapes_when_asked() -> None:
    text = "a\x1b[31mred\x1b[0m\x1b[2J\x07\x1b]0;t\x07\tb\nc\x9b"
    assert terminal_safe(text) == "a\\x1b[31mred\\x1b[0m\\x1b[2J\\x07\\x1b]0;t\\x07\tb\nc\\x9b"
    kept = terminal_safe(text, keep_colour=True)
    assert kept.startswith("a\x1b[31mred\x1b[0m\\x1b[2J\\x07\\x1b]0;t\\x07\tb\nc")


def test_an_unknown_user_s_home_in_data_is_one_line(tmp_path: Path) -> None:
    result = run("--print", "dead", "--data", "~nosuchuser/x.csv")
    assert result.returncode == 2
    assert "no home folder for user 'nosuchuser'" in _one_line(result)


@pytest.mark.parametrize("screen", ["dead", "approx"])
def test_export_never_replaces_a_file_unless_forced(tmp_path: Path, screen: str) -> None:
    """--export model.py twice: model.py is kept, model-2.py is new (the usual permissions);
    --force replaces it."""
    target = tmp_path / "model.py"
    target.write_text("mine\n")
    target.chmod(0o644)
    extra = ("--epochs", "20") if screen == "dead" else ()
    result = run("--print", screen, *extra, "--export", "model.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_text() == "mine\n"
    written = tmp_path / "model-2.py"
    assert "nn.Sequential" in written.read_text() and "model-2.py" in result.stdout
    assert written.stat().st_mode & 0o444 == 0o444  # readable by all: umask 022, not 0600
    forced = run("--print", screen, *extra, "--export", "model.py", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "nn.Sequential" in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-2.py", "model.py"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/dev/null", "not a file"),
        ("/dev/stdout", "not a file"),
        ("m" * 300 + ".py", "too long"),
        ("~nosuchuser/m.py", "no home folder"),
    ],
)
def test_export_to_a_device_or_an_impossible_name_is_one_line(
    tmp_path: Path, path: str, expected: str
) -> None:
    before = os.stat("/dev/null")
    result = run("--print", "dead", "--epochs", "20", "--export", path, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in _one_line(result)
    assert list(tmp_path.iterdir()) == []
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_force_without_export_is_a_usage_error() -> None:
    result = run("--print", "dead", "--force")
    assert result.returncode == 2 and "--force goes with --export" in _one_line(result)


def test_a_course_s_escapes_are_printed_escaped(tmp_path: Path) -> None:
    """`--print exercises --course` with ESC, BEL and an OSC title change in the statement
    and in the file's name: shown as \\x1b, \\x07, never written raw."""
    course = tmp_path / "ev\x1b[31mil.toml"
    course.write_text(
        "[[exercise]]\n"
        'id = "gelu-negative"\n'
        'screen = "activations"\n'
        'kind = "find"\n'
        'statement = "Find \\u001b[2J an x \\u0007 where \\u001b]0;pwned\\u0007 GELU(x) < 0."\n'
        'ask = ["x"]\n'
        'check = "gelu(x) < 0"\n'
    )
    result = run("--print", "exercises", "--course", str(course))
    assert result.returncode == 0, result.stderr
    assert "Find \\x1b[2J an x \\x07 where \\x1b]0;pwned\\x07" in result.stdout
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream
