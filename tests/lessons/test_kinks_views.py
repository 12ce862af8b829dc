"""Kinks on the Approximation and Puzzle screens: the marks and sentences come from the core."""

from __future__ import annotations

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.approx import figures as approx_figures
from relu_tui.lessons.approx.figures import train_stats_lines
from relu_tui.lessons.approx.state import FitState
from relu_tui.lessons.approx.training import TrainConfig, TrainState, train_pair
from relu_tui.lessons.puzzle import figures as puzzle_figures
from relu_tui.lessons.puzzle.levels import level_by_key
from relu_tui.lessons.puzzle.state import PuzzleState


def test_a_relu_sum_fit_has_hinges_plus_one_pieces() -> None:
    """sin x with 10 evenly placed shifted ReLUs: 10 hinges, 11 pieces, and the text says so."""
    fit = FitState.initial("sin x", 10).fit
    assert fit.kinks.pieces == 11
    assert fit.pieces_text() == "10 hinges, 11 linear pieces (hinges + 1)"


def test_the_trained_relu_nets_sentence_holds_beyond_the_data() -> None:
    """After a short run of the notebook's pair, the stats name the ReLU net's tail line,
    and the net's own outputs on 100...199 lie on it once x is past the last kink."""
    config = TrainConfig(epochs=300)
    state = TrainState.initial(epochs=300)
    for report in train_pair(config, every=300):
        state = state.with_report(report, 0.0)
    found = state.relu_kinks()
    assert found is not None
    lines = train_stats_lines(state)
    slope, intercept = found.tail
    assert any(line.startswith(f"ReLU past x={fmt(found.tail_start, 3)}: y=") for line in lines)
    x = state.experiment.x_test
    beyond = x > found.tail_start
    slope, intercept = found.tail
    np.testing.assert_allclose(
        state.report.test_pred[1][beyond], slope * x[beyond] + intercept, rtol=1e-9, atol=1e-6
    )
    spec = approx_figures.training_fit_figure(state)
    marks = [s for s in spec.series if s.label == "ReLU kinks"]
    if found.in_range.size:
        assert marks and np.allclose(marks[0].x, found.in_range)


def test_the_puzzle_plot_marks_the_networks_kinks() -> None:
    """Level 1 solved: the network bends at x = 1 and 2, 3 pieces, marked on the plot."""
    state = PuzzleState.of(level_by_key("1"))
    for name, value in level_by_key("1").solution().items():
        state = state.with_param(name, value)
    found = puzzle_figures.network_kinks(state)
    assert found.in_range.tolist() == [1.0, 2.0] and found.pieces == 3
    spec = puzzle_figures.fit_figure(state)
    assert "3 pieces" in spec.title
    assert [s for s in spec.series if s.label == "its kinks"][0].x.tolist() == [1.0, 2.0]


def test_the_printed_extrapolation_holds_at_100_150_200() -> None:
    """--print approx --export's sentence: the net's own outputs equal the named line."""
    from relu_tui.lessons.approx.printout import extrapolation_text
    from relu_tui.lessons.approx.training import notebook_networks

    net = notebook_networks(300)[1]
    text = extrapolation_text(net)
    for line in text.splitlines()[2:]:
        net_value = line.split("the net gives ")[1].split(",")[0]
        line_value = line.split("the line ")[1].split(",")[0]
        assert net_value == line_value
    assert "the ReLU net is the straight line y =" in text
