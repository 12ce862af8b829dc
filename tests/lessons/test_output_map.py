"""Dead neurons' output map: the continuous ramp, discretize, held-out samples, 2-D
regression, and the two map settings."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.dead.figures import plain
from relu_tui.lessons.dead.output_map import (
    RAMP_ASCII,
    RAMP_UNICODE,
    output_map,
    ramp,
    shade_levels,
    shade_map,
)
from relu_tui.lessons.dead.settings import (
    DeadSettings,
    setting_list,
    settings_from,
    values_of,
)
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.network import Architecture, Network

SQUARE = ((-1.0, 1.0), (-1.0, 1.0))


def _density(char: str) -> int:
    """Dots of a braille cell (0 for a blank)."""
    return 0 if char == " " else bin(ord(char) - 0x2800).count("1")


def _points(n: int = 40) -> np.ndarray:
    """n points of both classes in the lower half (the top rows stay bare shade)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-0.9, 0.9, size=(n, 2))
    x[:, 1] = -np.abs(x[:, 1])
    x[:2] = [[-0.5, -0.5], [0.5, -0.5]]
    return x


def _slope_classifier(k: float = 3.0) -> Network:
    """Logits (0, k*x1): P(class 1) = sigmoid(k*x1), smooth and rising along x1."""
    arch = Architecture((2, 1, 2))
    return Network.from_layers(arch, [[[1.0, 0.0]], [[0.0], [k]]], [[10.0], [0.0, -10.0 * k]])


def _plane() -> Network:
    """Output x1 exactly (relu(x1 + 10) - 10 on the square)."""
    arch = Architecture((2, 1, 1))
    return Network.from_layers(arch, [[[1.0, 0.0]], [[1.0]]], [[10.0], [-10.0]])


def _classes(x: np.ndarray) -> Dataset:
    return Dataset("csv", "halves", x, (x[:, 0] > 0).astype(np.intp), "classification", SQUARE)


def _body(rows: list, key_rows: int) -> list[str]:
    """The map's cells (no side labels, no axis, no key)."""
    lines = plain(rows).split("\n")[: -(key_rows + 1)]
    return [line[3:] for line in lines]


@pytest.mark.parametrize("ascii_only", [False, True])
def test_a_smooth_output_gets_at_least_8_levels_in_order(ascii_only: bool) -> None:
    """Values rising smoothly from lo to hi take every level of the ramp, never going back."""
    values = np.linspace(0.0, 1.0, 200)
    chars, _ = shade_map(values, 0.0, 1.0, ascii_only=ascii_only)
    chain = ramp(ascii_only=ascii_only)
    index = [chain.index(c) for c in chars]
    assert len(set(chars.tolist())) >= 8
    assert index == sorted(index) and index[0] == 0 and index[-1] == len(chain) - 1


def test_the_unicode_ramp_grows_denser_and_the_ascii_ramp_is_7_bit() -> None:
    """Braille cells with 0 to 8 dots, one more per level; the ASCII ramp stays below 128."""
    assert [_density(c) for c in RAMP_UNICODE] == list(range(9))
    assert all(ord(c) < 128 for c in RAMP_ASCII) and len(set(RAMP_ASCII)) == 10


def test_levels_clip_outside_the_range_and_mark_nan() -> None:
    """Below lo is level 0, above hi the top, inf clips, nan is -1; hi <= lo is the middle."""
    levels = shade_levels([-5.0, 0.0, 0.49, 0.5, 1.0, 7.0, np.inf, np.nan], 0.0, 1.0, levels=2)
    assert levels.tolist() == [0, 0, 0, 1, 1, 1, 1, -1]
    assert shade_levels([3.0], 1.0, 1.0, levels=9).tolist() == [4]
    chars, kinds = shade_map(np.array([np.nan]), 0.0, 1.0, ascii_only=True)
    assert chars.tolist() == ["?"] and kinds.tolist() == [""]


@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_map_shades_the_class_probability_continuously(ascii_only: bool) -> None:
    """P(x) = sigmoid(3 x1): along any row the shade rises left to right over 8+ levels,
    and the key says P(x) runs from 0 at the blank end to 1 at the dense end."""
    rows = output_map(_classes(_points(2)), _slope_classifier(), 60, 14, ascii_only=ascii_only)
    chain = ramp(ascii_only=ascii_only)
    assert f"P(x) 0 [{chain}] 1" in plain(rows)
    line = _body(rows, 1)[0]
    index = [chain.index(c) for c in line]
    assert index == sorted(index) and len(set(index)) >= 8


def test_discretize_shows_two_shades_split_where_the_prediction_changes() -> None:
    """Discretized: blank where o is predicted (x1 < 0), the dense end where x is."""
    rows = output_map(
        _classes(_points(2)), _slope_classifier(), 60, 14, ascii_only=True, discretize=True
    )
    line = _body(rows, 1)[0]
    assert set(line) == {" ", "@"}
    blanks = len(line) - len(line.lstrip())
    assert line == " " * blanks + "@" * (57 - blanks)  # 57 cells, the middle one at x1 = 0
    assert blanks in (28, 29)
    assert "[@] predicts x  [ ] predicts o" in plain(rows)


def test_held_out_samples_show_only_with_show_test() -> None:
    """Held-out samples are capitals, drawn only when asked; the key says t shows them."""
    data = _classes(_points(40))
    test = np.arange(0, 40, 4)
    hidden = plain(output_map(data, _slope_classifier(), 60, 16, ascii_only=True, test=test))
    shown = plain(
        output_map(data, _slope_classifier(), 60, 16, ascii_only=True, test=test, show_test=True)
    )
    body = lambda text: "\n".join(text.split("\n")[:-2])  # noqa: E731
    assert not ({"O", "X"} & set(body(hidden))) and "o x: train (t: test)" in hidden
    assert {"O", "X"} <= set(body(shown)) and "o x: train  O X: test" in shown


@pytest.mark.parametrize("discretize", [False, True])
def test_every_map_character_is_ascii_under_ascii(discretize: bool) -> None:
    """--ascii: nothing above U+007F anywhere, held-out samples shown or not."""
    data = _classes(_points(40))
    for show in (False, True):
        text = plain(
            output_map(
                data,
                _slope_classifier(),
                47,
                18,
                ascii_only=True,
                test=np.arange(5),
                show_test=show,
                discretize=discretize,
            )
        )
        assert all(ord(c) < 128 for c in text)


def test_a_2d_regression_map_shades_the_value_and_shows_its_range() -> None:
    """A plane y = x1: the shade rises along x1, the key gives the targets' range, and the
    samples are the digit of their tenth of that range."""
    x = np.array([[-0.95, 0.0], [0.95, 0.5]])
    data = Dataset("csv", "plane", x, x[:, 0].copy(), "regression", SQUARE)
    rows = output_map(data, _plane(), 60, 14, ascii_only=True)
    text = plain(rows)
    assert "value -0.95 [ .:-=+*#%@] 0.95" in text
    body = _body(rows, 2)
    index = [RAMP_ASCII.index(c) for c in body[0]]
    assert index == sorted(index) and len(set(index)) == 10
    cells = "".join(body)
    assert "0" in cells and "9" in cells
    discrete = plain(output_map(data, _plane(), 60, 14, ascii_only=True, discretize=True))
    assert "[@] above 0  [ ] below" in discrete


def test_the_map_settings_default_off_and_read_back() -> None:
    """--discretize and --show-test: off by default (as the browser playground), on/off on
    the command line, back out as on/off; anything else is one clear error."""
    names = {s.name for s in setting_list()}
    assert {"discretize", "show_test"} <= names
    settings = settings_from({})
    assert not settings.discretize and not settings.show_test
    settings = settings_from({"discretize": "on", "show_test": "on"})
    assert settings.discretize and settings.show_test
    assert values_of(settings)["discretize"] == "on" and values_of(settings)["show_test"] == "on"
    with pytest.raises(InputError, match="discretize: 'maybe' is not on or off"):
        settings_from({"discretize": "maybe"})


def test_a_toggle_keeps_everything_else() -> None:
    """Toggling a map option changes nothing the run depends on."""
    settings = DeadSettings()
    toggled = settings.with_toggled("discretize")
    assert toggled.discretize and toggled.data_key() == settings.data_key()
    assert toggled.params == settings.params and toggled.with_toggled("discretize") == settings


def test_the_panel_width_row_shows_the_widths_per_layer() -> None:
    """With widths 8,8,4 the width row reads '8,8,4'; too long for the panel, 'per layer';
    the width control moved again is the one width."""
    settings = DeadSettings().with_widths((8, 8, 4))
    row = {p.name: p for p in settings.panel_params}
    assert row["width"].display == "8,8,4" and row["depth"].display == "3"
    long = DeadSettings().with_widths((256,) * 6)
    assert {p.name: p for p in long.panel_params}["width"].display == "per layer"
    nudged = row["width"].nudged(1)
    assert nudged.display == "20"
    back = settings.with_param("width", nudged.value)
    assert {p.name: p for p in back.panel_params}["width"].display == "20"


def test_the_keys_ramp_is_coloured_as_the_map() -> None:
    """The key's shade characters carry the kinds their cells have (low 'c0', high 'c1'),
    so in colour the key shows the map's colours; the words stay labels."""
    rows = output_map(_classes(_points(2)), _slope_classifier(), 60, 14, ascii_only=True)
    key = rows[-1]
    kinds = {run.text: run.kind for run in key}
    assert kinds[" .:-="] == "c0" and kinds["+*#%@"] == "c1"
    assert all(run.kind == "label" for run in key if "P(x)" in run.text or "train" in run.text)


def test_three_classes_discretized_mark_where_the_last_class_wins() -> None:
    """Three classes, logits (0, 0, 3 x1) + (0, 2 x2, 0): discretized, a cell is dense exactly
    where class 2 has the largest logit, whatever its probability."""
    arch = Architecture((2, 2, 3))
    network = Network.from_layers(
        arch,
        [[[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 2.0], [3.0, 0.0]]],
        [[10.0, 10.0], [0.0, -20.0, -30.0]],
    )
    x = np.array([[-0.5, -0.5], [0.5, -0.5], [0.0, -0.8]])
    data = Dataset("csv", "three", x, np.array([0, 1, 2]), "classification", SQUARE)
    rows = output_map(data, network, 43, 14, ascii_only=True, discretize=True)
    body = _body(rows, 2)  # the key takes two rows at this width
    map_rows, map_width = len(body), 40
    assert "[@] predicts v  [ ] predicts o-x" in plain(rows)
    for r, line in enumerate(body[:3]):  # rows clear of the samples
        y = 1 - (r + 0.5) * 2 / map_rows
        for c, char in enumerate(line):
            x1 = -1 + (c + 0.5) * 2 / map_width
            assert (char == "@") == (3 * x1 > max(0.0, 2 * y)), (r, c)


def test_a_param_shown_text_replaces_its_value_until_it_moves() -> None:
    """Param.shown is what a panel shows; a new value shows itself again."""
    from relu_tui.base.params import Param

    param = Param("width", "width", 16, step=4, low=1, high=256, integer=True, shown="8,8,4")
    assert param.display == "8,8,4" and param == Param(
        "width", "width", 16, 4, 1, 256, integer=True
    )
    assert param.with_value(20).display == "20"
