"""`relu-tui --print activations`: the table, gradients, comparison and linearity as text."""

from __future__ import annotations

import pytest

from relu_tui.base.parse import InputError
from relu_tui.cli.main import main
from relu_tui.lessons.activations import explained_view
from relu_tui.lessons.activations.printout import render
from relu_tui.lessons.activations.settings import state_from
from relu_tui.lessons.launch import LaunchOptions
from tests.printing import launch_options

SCREEN = "activations"


def args(**overrides: object) -> LaunchOptions:
    """The namespace the CLI hands to render()."""
    base = {"width": 80, "height": 20, "ascii": True, "color": False, "activation": None}
    base.update(overrides)
    return launch_options(SCREEN, base)


def test_prints_the_seed_table_values_and_gradients() -> None:
    """ReLU's row of values is 5 2 0 0 0 and of gradients 1 1 0 0 0."""
    lines = render(args()).splitlines()
    values = lines.index("Values f(x)")
    grads = lines.index("Gradients f'(x)")
    assert lines[values + 2].split() == ["ReLU", "5", "2", "0", "0", "0"]
    assert lines[grads + 2].split() == ["ReLU", "1", "1", "0", "0", "0"]
    assert lines[values + 3].split() == ["Leaky", "ReLU", "5", "2", "0", "-0.03", "-0.1"]


def test_prints_the_comparison_and_linearity() -> None:
    """Why ReLU's numbers, ReLU's counterexamples and the notebook's affine layer."""
    text = render(args())
    assert "0.25^10 = 9.54e-07" in text and "ns/value" in text
    assert "f(-2 * 5) = 0 but -2 * f(5) = -10" in text
    assert "L(2x)  = [-1.13, -0.3675, 0.5917, 1.5919]" in text
    assert "2 L(x) = [-1.4978, -0.7607, 1.0316, 1.8534]" in text
    assert "ReLU(o + m) = [0, 0, 0, 0.1778]" in text
    assert "ReLU(-2 o)  = [1.4978, 0.7607, 0, 0]" in text
    assert "-2 ReLU(o)  = [0, 0, -1.0316, -1.8534]" in text
    for title in ("ReLU", "Leaky ReLU (slope 0.1)", "Sigmoid", "Tanh"):
        assert title in text


def test_ascii_output_fits_the_width() -> None:
    """--ascii at 80 columns: pure ASCII, no line wider than 80, no escape codes."""
    text = render(args())
    assert text.isascii() and "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_narrow_width_splits_the_table() -> None:
    """At 40 columns the five inputs are split across blocks."""
    lines = render(args(width=40, height=10)).splitlines()
    assert lines.count("x =                  5         2") == 2


def test_activation_option_adds_a_row() -> None:
    """--activation selu adds SELU to the table and to the linearity checks."""
    text = render(args(activation="selu"))
    assert "SELU" in text and "SELU is not linear" in text


def test_unknown_activation_is_an_input_error() -> None:
    """An unknown --activation names the valid ones."""
    with pytest.raises(InputError, match="unknown activation 'swishy'.*relu"):
        render(args(activation="swishy"))


def test_view_explained_prints_the_views_own_texts() -> None:
    """--view explained: the two layers and the one they equal, the midpoint test with and
    without ReLU between them, the output-ReLU regression and its numbers, and the three
    ways for the highlighted activation, as the screen's view computes them; no table."""
    text = render(args(view="explained", activation="gelu"))
    lines = text.splitlines()
    state = state_from({"activation": "gelu"})
    for line in (
        *explained_view.layers_text(state.layers_seed, False),
        *explained_view.verdict_lines(state.layers_seed, True),
        explained_view.output_text(explained_view.output_run()),
        *explained_view.ways_text("gelu"),
    ):
        assert line.rstrip() in lines
    assert "BROKEN" in text and "1-16-16-1 regression, same start" in text
    assert "Values f(x)" not in text and "Why ReLU" not in text


def test_view_prints_that_view_alone() -> None:
    """--view why prints Why ReLU and nothing of the other views."""
    text = render(args(view="why"))
    assert "Why ReLU: Sigmoid vs ReLU" in text
    assert "Values f(x)" not in text and "Is it linear?" not in text
    assert "ReLU Explained" not in text


def test_unknown_view_is_an_input_error() -> None:
    """A view the screen does not have names the ones it has."""
    with pytest.raises(InputError, match="unknown view 'nope'.*explained"):
        render(args(view="nope"))


def test_cli_prints_the_explained_view_terminal_safe(capsys: pytest.CaptureFixture[str]) -> None:
    """`relu-tui --print activations --view explained --ascii` at 80 columns: exit 0, pure
    ASCII, no escape codes, no line over 80 columns."""
    assert main(["--print", "activations", "--view", "explained", "--ascii", "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert "ReLU Explained" in out and "F.relu(x)" in out
    assert out.isascii() and "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
