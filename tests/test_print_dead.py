"""`relu-tui --print dead`: a headless run, its dead fractions, loss and unit grid."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.cli.main import main
from relu_tui.lessons.dead.dying import DeadSettings, layer_stats, run_settings
from relu_tui.lessons.dead.printout import render
from relu_tui.lessons.dead.settings import settings_from
from relu_tui.lessons.launch import LaunchOptions
from tests.printing import launch_options

SCREEN = "dead"


def args(**extra: object) -> LaunchOptions:
    base = {
        "width": 80,
        "height": 16,
        "ascii": False,
        "color": False,
        "lr": None,
        "activation": None,
        "epochs": 40,
        "seed": None,
    }
    base.update(extra)
    return launch_options(SCREEN, base)


def test_prints_the_core_runs_dead_fractions_and_loss() -> None:
    """Every per-layer count and the loss are the ones the core computes for these settings."""
    text = render(args(lr=0.1, seed=3))
    settings = DeadSettings().with_values(lr=0.1, seed=3, epochs=40)
    report = run_settings(settings, 3)
    stats = layer_stats(report.network, settings.dataset().x)
    for layer, st in enumerate(stats):
        assert f"layer {layer + 1}: {int(st.dead.sum())}/16 dead" in text
    loss = float(re.search(r"loss: (\S+)", text).group(1))
    assert loss == pytest.approx(report.loss, rel=1e-3)
    assert "epochs trained: 40 of 40" in text
    assert "adam lr 0.1" in text


def test_unit_grid_marks_each_dead_unit() -> None:
    """The grid has one dead mark per dead unit, per layer."""
    text = render(args(lr=0.3))
    counts = [int(m) for m in re.findall(r"layer \d: (\d+)/16 dead", text)]
    grid = [line for line in text.splitlines() if re.match(r"^[ >]L\d", line)]
    assert [line.count("✗") for line in grid] == counts
    assert sum(counts) > 0


def test_leaky_relu_prints_no_dead_units_and_ascii_has_no_braille() -> None:
    """--activation leaky_relu at a unit-killing lr: 0 dead in every layer; --ascii plain."""
    text = render(args(activation="leaky_relu", lr=0.3, ascii=True))
    assert re.findall(r"layer \d: (\d+)/16 dead", text) == ["0", "0", "0"]
    assert "✗" not in text and not any("\u2800" <= ch <= "\u28ff" for ch in text)


def test_diverging_run_says_so() -> None:
    """A huge learning rate on the default task still prints, with the divergence message if
    it diverged, and finite numbers either way."""
    text = render(args(lr=10.0, activation="identity", epochs=200))
    loss = float(re.search(r"loss: (\S+)", text).group(1))
    assert np.isfinite(loss)
    if "diverged" in text:
        assert "smaller learning rate" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"activation": "relu7"}, "is not one of"),
        ({"lr": 50.0}, "lr: must be between"),
        ({"epochs": 1_000_000}, "epochs: must be between"),
    ],
)
def test_bad_options_raise_input_errors(extra: dict[str, object], message: str) -> None:
    """Unknown activation and out-of-range numbers are InputErrors naming the option."""
    with pytest.raises(InputError, match=message):
        settings_from(args(**extra).settings)


def test_cli_prints_and_exits_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    """`relu-tui --print dead --epochs 5 --activation Leaky-ReLU` exits 0 and prints the run."""
    assert main(["--print", "dead", "--epochs", "5", "--activation", "Leaky-ReLU"]) == 0
    out = capsys.readouterr().out
    assert "leaky_relu" in out and "epochs trained: 5 of 5" in out


def test_cli_bad_activation_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad --activation is reported in one line, exit status 2."""
    with pytest.raises(SystemExit) as stopped:  # argparse checks it against the Param
        main(["--print", "dead", "--activation", "nope"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "'nope' is not one of" in err and err.count("\n") == 1


def test_long_runs_show_progress_on_a_non_terminal_stderr() -> None:
    """A pipe or log file gets a plain progress line every few seconds (issue 11)."""
    import io

    from relu_tui.lessons.dead.printout import Progress, train

    ticks = iter(range(0, 10_000, 3))
    stream = io.StringIO()
    progress = Progress(stream, 40, clock=lambda: float(next(ticks)))
    settings = DeadSettings().with_values(epochs=40)
    report = train(settings, settings.dataset(), progress)
    assert report.epoch == 40
    lines = stream.getvalue().splitlines()
    assert lines and all(line.startswith("training: epoch ") for line in lines)
    assert "\r" not in stream.getvalue()


def test_huge_data_is_one_line_without_numpy_warnings(tmp_path: Path) -> None:
    """1e308 in a data file: one line on stderr, no RuntimeWarning from the run or the plot."""
    import subprocess
    import sys

    data = tmp_path / "big.csv"
    data.write_text("x,y\n1e308,1\n2,3\n3,4\n4,5\n-1e308,3\n")
    result = subprocess.run(
        [sys.executable, "-m", "relu_tui", "--print", "dead", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "RuntimeWarning" not in result.stderr
    assert "is too large" in result.stderr and len(result.stderr.splitlines()) == 1
