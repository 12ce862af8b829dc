"""`relu-tui --print dead --view maps|regions`: the Unit maps and Linear regions views as text."""

from __future__ import annotations

import re

import pytest

from relu_tui.base.parse import InputError
from relu_tui.cli.main import main
from relu_tui.lessons.dead.dying import DeadSettings, run_settings
from relu_tui.lessons.dead.maps import window_of
from relu_tui.lessons.dead.printout import render
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.regions import linear_regions


def args(**settings: object) -> LaunchOptions:
    """What the CLI hands to render(): 80 columns, ASCII, 30 epochs and these settings."""
    given = {"epochs": 30, **settings}
    return LaunchOptions(
        screen="dead",
        width=80,
        height=16,
        ascii=True,
        color=False,
        settings=given,  # type: ignore[arg-type]
    )


def test_regions_view_prints_the_exact_count_of_the_trained_net() -> None:
    """The printed count is the core's exact count for the same run; ASCII only."""
    text = render(args(view="regions"))
    settings = DeadSettings().with_values(epochs=30)
    network = run_settings(settings, 0).network
    exact = linear_regions(network, window_of(settings.dataset().domain))
    assert f"exact regions: {exact.count}" in text
    assert "Serra" in text and "regions:" in text
    assert max(map(ord, text)) < 128


def test_maps_view_prints_every_unit_of_every_layer() -> None:
    """Every unit of the 3 x 16 net has a labelled map; layer 1's lines are written out."""
    text = render(args(view="maps"))
    for layer in (1, 2, 3):
        assert f"all 16 units of layer {layer}" in text
    assert re.search(r"line: -?[\d.]+ x1 [+-] [\d.]+ x2 [+-] [\d.]+ = 0", text)
    assert max(map(ord, text)) < 128


def test_an_unknown_view_is_one_line() -> None:
    """--view nope: InputError naming the views, before any training."""
    with pytest.raises(InputError, match="maps, weights, regions"):
        render(args(view="nope"))


def test_the_cli_takes_view_only_where_a_lesson_has_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--view is an option of Activations and Dead neurons: given to another screen it is a
    usage error naming the screens that have it."""
    with pytest.raises(SystemExit) as exit_:
        main(["--print", "dosage", "--view", "maps"])
    assert exit_.value.code == 2
    assert "--view is a setting of activations and dead" in capsys.readouterr().err
