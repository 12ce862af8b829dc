"""Settings on the command line: every setting of every lesson is an option, checked
against its own Param, refused for a screen whose lesson lacks it, described in --help
from the same descriptions (issues 9 and 17)."""

from __future__ import annotations

import pytest

from relu_tui.cli.main import main
from relu_tui.cli.parser import build_parser, launch_options, settings_needed, wants_settings
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.lessons.lesson import setting_help


def _options(*argv: str) -> LaunchOptions:
    args = build_parser().parse_args(list(argv))
    return launch_options(args, args.print_screen or args.screen or "activations")


def test_given_options_reach_the_launch_options() -> None:
    """Values are converted as the screen's Param reads them (a choice by name)."""
    options = _options(
        "dead", "--lr", "0.3", "--activation", "LEAKY-RELU", "--epochs", "50", "--seed", "3"
    )
    assert options.settings == {"lr": 0.3, "activation": "leaky_relu", "epochs": 50, "seed": 3}
    assert _options("dosage", "--stage", "7").settings == {"stage": 7}
    assert _options("approx", "--units", "25").settings == {"units": 25}


def test_the_dead_neurons_network_settings_are_options() -> None:
    """Width, depth, dataset, optimizer, init, bias init and batch size (issue 17)."""
    options = _options(
        "dead",
        *("--width", "20", "--depth", "4", "--dataset", "circles", "--optimizer", "sgd"),
        *("--init", "xavier_uniform", "--bias-init", "0.1", "--batch-size", "8"),
    )
    assert options.settings == {
        "width": 20,
        "depth": 4,
        "dataset": "circles",
        "optimizer": "sgd",
        "init": "xavier_uniform",
        "bias": "0.1",
        "batch": 8,
    }
    assert options.width is None  # not the --print width on Dead neurons


def test_width_is_the_print_width_on_a_screen_without_a_width_setting() -> None:
    """`--print activations --width 100` keeps its meaning; --columns works everywhere."""
    assert _options("--print", "activations", "--width", "100").width == 100
    printed = _options("--print", "dead", "--columns", "90", "--width", "12")
    assert (printed.width, printed.settings) == (90, {"width": 12})


def test_a_command_line_without_settings_needs_no_lesson_state() -> None:
    """Only options beyond the global ones build the settings (start-up stays light)."""
    assert not wants_settings(["dosage", "--ascii", "--theme", "nord"])
    assert wants_settings(["dead", "--lr", "0.1"])
    assert wants_settings(["--help"])


def test_a_command_line_loads_only_the_settings_of_the_screen_it_names() -> None:
    """`relu-tui dead --lr 0.1` declares Dead neurons' settings only; help, all of them."""
    assert settings_needed(["dead", "--lr", "0.1"]) == ("dead",)
    assert settings_needed(["--print=dosage", "--stage", "2"]) == ("dosage",)
    assert settings_needed(["--inputs", "1, 2"]) == ("activations",)
    assert settings_needed(["dosage"]) == ()
    assert len(settings_needed(["--help"])) == len(settings_needed(["dead", "puzzle", "--x"]))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dosage", "--lr", "0.3"], "--lr is a setting of dead, not dosage"),
        (["--lr", "0.3"], "--lr is a setting of dead, not activations"),
        (["--print", "puzzle", "--stage", "2"], "--stage is a setting of dosage, not puzzle"),
        (["activations", "--seed", "1"], "--seed is a setting of puzzle and dead and approx"),
        (["dead", "--lr", "30"], "must be between 0.0001 and 10"),
        (["dead", "--epochs", "2.5"], "2.5 is not a whole number"),
        (["dead", "--activation", "relu7"], "'relu7' is not one of: relu"),
        (["dead", "--bias-init", "0.2"], "'0.2' is not one of: zero, 0.01"),
        (["dead", "--width", "0"], "must be between 1 and 256"),
        (["dosage", "--stage", "8"], "must be between 1 and 7"),
        (["puzzle", "--level", "99"], "'99' is not one of: 1,"),
        (["approx", "--units", "0"], "must be between 1 and 200"),
        (["--print", "activations", "--width", "20"], "--width"),
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


def test_help_lists_every_setting_of_every_lesson_with_its_range_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--help states what the descriptions say: one source for the CLI, the panel, help."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for name, lesson in SCREENS.items():
        assert f"settings of {name}" in out
        for setting in lesson.setting_list():
            assert f"--{setting.option}" in out
            assert " ".join(setting_help(setting).split()) in out
