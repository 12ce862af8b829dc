"""`relu-tui --print approx`: the fit and the error table, computed by the core."""

from __future__ import annotations

import pytest

from relu_tui.base.parse import InputError
from relu_tui.cli.main import main
from relu_tui.lessons.approx.printout import render
from relu_tui.lessons.approx.state import SWEEP_UNITS, FitState
from relu_tui.lessons.launch import LaunchOptions
from tests.printing import launch_options

SCREEN = "approx"


def args(**extra: object) -> LaunchOptions:
    base = {
        "width": 80,
        "height": 16,
        "ascii": False,
        "color": False,
        "target": None,
        "units": None,
    }
    base.update(extra)
    return launch_options(SCREEN, base)


def table_rows(text: str) -> dict[int, tuple[float, float]]:
    """N → (RMSE, max error) parsed back from the printed table."""
    rows = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit():
            rows[int(parts[0])] = (float(parts[1]), float(parts[2]))
    return rows


def test_default_print_shows_sin_with_ten_units_and_the_sweep() -> None:
    """The header names the target and N; the table lists every N of the sweep."""
    text = render(args())
    assert "f(x) = sin(x) on [-3.1416, 3.1416]" in text
    assert "N = 10 units" in text
    rows = table_rows(text)
    assert sorted(rows) == list(SWEEP_UNITS)
    sweep = FitState.initial().sweep
    for n, rmse, worst in zip(SWEEP_UNITS, sweep.rmse, sweep.max_error, strict=True):
        assert rows[n][0] == pytest.approx(rmse, rel=5e-3)
        assert rows[n][1] == pytest.approx(worst, rel=5e-3)
    assert "◂ N = 10" in text


def test_units_outside_the_sweep_get_their_own_row() -> None:
    """--units 12 adds N = 12 to the table, marked, with its own errors."""
    text = render(args(units=12))
    rows = table_rows(text)
    assert 12 in rows
    assert rows[10][0] > rows[12][0] > rows[15][0]
    assert "◂ N = 12" in text


def test_puzzle_target_is_fitted_exactly_by_two_units() -> None:
    """The puzzle's piecewise-linear target: N = 2 gives c = 2, m = -2 and ~0 error."""
    text = render(args(target="puzzle", units=2))
    assert "c = 2   m = -2" in text
    assert table_rows(text)[2][0] < 1e-12


def test_expression_with_interval_and_ascii() -> None:
    """`sqrt(x) on [0, 4]` is fitted on [0, 4]; --ascii output is free of braille."""
    text = render(args(target="sqrt(x) on [0, 4]", ascii=True))
    assert "f(x) = sqrt(x) on [0, 4]" in text
    assert not any(0x2800 <= ord(ch) <= 0x28FF for ch in text)
    assert "< N = 10" in text


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("__import__('os')", "not an allowed function"),
        ("log(x)", "log(x) is undefined (nan) at x = -3.1416"),
        ("x on [2, 1]", "is empty"),
        ("x" * 10_000, "too long"),
    ],
)
def test_bad_targets_raise_input_error(target: str, message: str) -> None:
    """Unusable targets raise InputError with the reason (the CLI prints it, exit 2)."""
    with pytest.raises(InputError, match=None) as caught:
        render(args(target=target))
    assert message in str(caught.value)


def test_cli_reports_a_bad_target_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`--print approx --target 1/0` is one line on stderr and exit status 2."""
    assert main(["--print", "approx", "--target", "1/0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1/0 divides by zero" in err[0]


def test_export_writes_the_seed_003_pair(tmp_path, capsys, monkeypatch) -> None:
    """--print approx --export FILE.py trains the notebook's pair and writes one script
    holding both models; the printout says where and how long."""
    import ast

    from relu_tui.cli.main import main
    from relu_tui.lessons.approx import printout as approx

    monkeypatch.setattr(approx, "EXPORT_EPOCHS", 50)
    target = tmp_path / "pair.py"
    assert main(["--print", "approx", "--export", str(target), "--width", "80"]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split()).replace(" /", "/")  # long paths wrap at 80 columns
    assert str(target) in "".join(out.split()) and "after 50 epochs" in flat
    source = target.read_text()
    ast.parse(source)
    assert "model_linear = nn.Sequential(" in source and "model_relu = nn.Sequential(" in source


def test_export_to_a_missing_folder_is_one_line(tmp_path, capsys, monkeypatch) -> None:
    """A destination folder that does not exist: exit 2, one line naming it."""
    from relu_tui.cli.main import main
    from relu_tui.lessons.approx import printout as approx

    monkeypatch.setattr(approx, "EXPORT_EPOCHS", 5)
    assert main(["--print", "approx", "--export", str(tmp_path / "no" / "p.py")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such folder" in err
