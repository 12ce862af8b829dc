"""`relu-tui --print puzzle`."""

from __future__ import annotations

import pytest

from relu_tui.cli.main import main


def test_print_level_one(capsys: pytest.CaptureFixture[str]) -> None:
    """Level 1's target segments, fixed unit 0, free units at 0 and the starting error."""
    assert main(["--print", "puzzle", "--width", "80", "--height", "20"]) == 0
    out = capsys.readouterr().out
    assert "Puzzle level 1: The lab's exercise" in out
    for piece in ("y = -2x + 2 on [0, 1]", "y = x - 1 on [1, 2]", "y = 3x - 5 on [2, 3]"):
        assert piece in out
    assert "unit 0: w = -2, b = 2, v = 1  (fixed; on for x < 1)" in out
    assert "unit 1: w = 0, b = 0, v = 1  (you set w, b; always off)" in out
    assert "max error 4, mean error 1.0033 (not solved" in out
    assert "Match Target" in out


def test_print_other_levels_and_random(capsys: pytest.CaptureFixture[str]) -> None:
    """--level 5 shows the output weight the player sets; random with a seed repeats."""
    assert main(["--print", "puzzle", "--level", "5", "--ascii"]) == 0
    out = capsys.readouterr().out
    assert "you set w, b, v" in out and "y = -x + 3 on [1.5, 3]" in out
    assert all(ord(ch) < 128 for ch in out.split("Hints:")[1])
    assert main(["--print", "puzzle", "--level", "random", "--seed", "3"]) == 0
    first = capsys.readouterr().out
    assert main(["--print", "puzzle", "--level", "random", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first and "random-3" in first


def test_print_bad_level(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown level is one line, exit 2."""
    with pytest.raises(SystemExit) as stopped:  # argparse checks it against the levels
        main(["--print", "puzzle", "--level", "42"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "'42' is not one of: 1," in err and "Traceback" not in err
