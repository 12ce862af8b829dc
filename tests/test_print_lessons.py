"""`relu-tui --lessons`: seed 004's lessons printed from the core."""

from __future__ import annotations

import pytest

from relu_tui.cli.main import main
from relu_tui.lessons.activations.explained_printout import render
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.activations import ACTIVATIONS
from tests.printing import launch_options

SCREEN = "activations"


def _args(**extra: object) -> LaunchOptions:
    base = {"width": 80, "height": 14, "ascii": True, "color": False, "seed": None}
    base.update(extra)
    return launch_options(SCREEN, base)


def test_prints_the_seeds_tensors_and_every_activation() -> None:
    """The seed's ReLU and Leaky ReLU tensors, and one block per registry activation."""
    text = render(_args())
    assert "-> tensor([0., 0., 0., 1., 2.])" in text
    assert "-> tensor([-0.0200, -0.0100,  0.0000,  1.0000,  2.0000])" in text
    for activation in ACTIVATIONS.values():
        assert f"   {activation.display}:\n" in text
    assert "W  = " in text and "no activation: " in text
    assert "100% of the negative targets get exactly 0" in text


def test_ascii_output_fits_the_width() -> None:
    """--ascii: nothing above U+007F; every line fits in --width."""
    text = render(_args(width=80))
    assert all(ord(ch) < 128 for ch in text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_cli_lessons_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """relu-tui --lessons prints and exits 0; with a SCREEN it is a usage error."""
    assert main(["--lessons", "--width", "80", "--ascii"]) == 0
    assert "Two linear layers are one linear layer" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["--lessons", "dead"])
    assert caught.value.code == 2
