"""Screen options on the command line: checked against the core's Params, refused for a
screen they do not apply to, described in --help from the same Params (issue 9)."""

from __future__ import annotations

import pytest

from relu_tui.base.params import params_by_name
from relu_tui.cli.main import build_parser, main
from relu_tui.lessons.dead.dying import DeadSettings
from relu_tui.lessons.launch import SCREEN_OPTIONS, LaunchOptions


def _options(*argv: str) -> LaunchOptions:
    args = build_parser().parse_args(list(argv))
    return LaunchOptions.from_namespace(args, screen=args.screen or "activations")


def test_given_options_reach_the_launch_options() -> None:
    """Values are converted as the screen's Param reads them (a choice by name)."""
    options = _options(
        "dead", "--lr", "0.3", "--activation", "LEAKY_RELU", "--epochs", "50", "--seed", "3"
    )
    assert (options.lr, options.activation, options.epochs, options.seed) == (
        0.3,
        "leaky_relu",
        50,
        3,
    )
    assert _options("dosage", "--stage", "7").stage == 7
    assert _options("approx", "--units", "25").units == 25


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dosage", "--lr", "0.3"], "--lr is an option of dead, not dosage"),
        (["--lr", "0.3"], "--lr is an option of dead, not activations"),
        (["--print", "puzzle", "--stage", "2"], "--stage is an option of dosage, not puzzle"),
        (["activations", "--seed", "1"], "--seed is an option of puzzle and dead and approx"),
        (["dead", "--lr", "30"], "must be between 0.0001 and 10"),
        (["dead", "--epochs", "2.5"], "2.5 is not a whole number"),
        (["dead", "--activation", "relu7"], "'relu7' is not one of: relu"),
        (["dosage", "--stage", "8"], "must be between 1 and 7"),
        (["puzzle", "--level", "99"], "'99' is not one of: 1,"),
        (["approx", "--units", "0"], "must be between 1 and 200"),
    ],
)
def test_an_option_that_cannot_apply_is_one_line_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another screen's option, or a value out of the Param's range: one line, status 2."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert message in err and "Traceback" not in err


def test_help_gives_each_option_its_params_range_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--help states what the Params say: one source for the CLI, the panel and help."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    params = params_by_name(DeadSettings().params)
    lr, epochs = params["lr"], params["epochs"]
    assert f"dead: learning rate, {lr.low:g} to {lr.high:g} (default {lr.display})" in out
    assert f"dead: epochs per run, 1 to {int(epochs.high)} (default {epochs.display})" in out
    for option in SCREEN_OPTIONS:
        assert f"--{option.name.replace('_', '-')}" in out
