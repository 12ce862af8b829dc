"""`relu-tui --print dosage`: the seven stage tables and the final plot."""

from __future__ import annotations

import pytest

from relu_tui.cli.main import main


def test_print_all_stages(capsys: pytest.CaptureFixture[str]) -> None:
    """All seven stages are printed, with the article's stage-1 numbers and the bump."""
    assert main(["--print", "dosage", "--width", "80"]) == 0
    out = capsys.readouterr().out
    for number in range(1, 8):
        assert f"Stage {number}:" in out
    assert "0.2     -0.51      0" in out
    assert "0.6     0.17       0.17" in out
    assert "(0.470, 0.529)" in out


def test_print_one_stage_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    """--stage 1 prints that stage only; --ascii is plain ASCII throughout (a₁ becomes a1)."""
    assert main(["--print", "dosage", "--stage", "1", "--ascii", "--width", "70"]) == 0
    out = capsys.readouterr().out
    assert "Stage 1:" in out and "Stage 2:" not in out
    assert out.isascii()
    assert "a1 = ReLU(w1*x + b1)" in out


def test_bad_stage_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--stage 9 is refused with the range, exit 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--print", "dosage", "--stage", "9"])
    assert exit_info.value.code == 2
    assert "between 1 and 7" in capsys.readouterr().err


def test_print_stage_seven_plots_the_bump_to_its_peak(capsys: pytest.CaptureFixture[str]) -> None:
    """The final plot is framed on the output (up to 1.2 × 1.01) and its curve reaches the
    row of the 1.0 tick: the drawn curve passes through the peak 1.01, not just near it."""
    argv = ["--print", "dosage", "--stage", "7", "--ascii", "--width", "80", "--height", "20"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    (row,) = [line for line in out.splitlines() if line.startswith("1.0+")]
    assert "*" in row


def test_clipped_context_is_cut_at_the_frame() -> None:
    """A faint curve leaving the frame is cut exactly at its edge, in separate pieces."""
    import numpy as np

    from relu_tui.lessons.dosage.figures import _clipped

    pieces = _clipped(np.array([0.0, 1.0, 2.0, 3.0]), np.array([0.0, 10.0, 0.0, 0.5]), -1.0, 5.0)
    assert len(pieces) == 2
    np.testing.assert_allclose(pieces[0][0], [0.0, 0.5])
    np.testing.assert_allclose(pieces[1][0], [1.5, 2.0, 3.0])
    np.testing.assert_allclose(pieces[1][1], [5.0, 0.0, 0.5])


@pytest.mark.parametrize("activation", ["relu", "softplus"])
def test_every_stage_draws_at_the_parameter_limits(activation: str) -> None:
    """Weights at ±100 over x in [-10, 10]: every stage still draws a framed plot, with no
    overflow warning (Softplus of 1e6 stays finite)."""
    from relu_tui.lessons.dosage.figures import stage_figure
    from relu_tui.lessons.dosage.stages import stages
    from relu_tui.lessons.dosage.state import DosageState
    from relu_tui.plotting.render import plot_text

    state = DosageState(activation=activation)
    for name, value in (
        ("w1", 100.0),
        ("b1", -100.0),
        ("w2", -100.0),
        ("b2", 100.0),
        ("w3", 100.0),
        ("w4", -100.0),
        ("b3", 100.0),
        ("x_min", -10.0),
        ("x_max", 10.0),
    ):
        state = state.with_param(name, value)
    for stage in stages(activation):
        text = plot_text(stage_figure(state, stage), 60, 16, color=False)
        assert "┌" in text and "┘" in text, stage.number
