"""Input features and widths per layer: in the network, training, maps, CSV, --print, export."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.dead.maps import layer_equation, unit_maps
from relu_tui.lessons.dead.printout import render
from relu_tui.lessons.dead.regions_view import read_regions
from relu_tui.lessons.dead.settings import settings_from, values_of
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.csvdata import load_csv
from relu_tui.nn.export import ExportModel, predictions, sample_inputs, torch_script
from relu_tui.nn.features import apply_features, parse_features
from relu_tui.nn.network import Architecture, init_network

from .test_export import _check, _run

ALL = "x1,x2,x1^2,x2^2,x1*x2,sin1,sin2"


def test_feature_columns_are_the_playgrounds_formulas() -> None:
    """Each column as written out by hand, in the fixed order whatever the order typed."""
    points = np.array([[0.5, -2.0], [-1.25, 3.0], [0.0, 0.0]])
    got = apply_features(parse_features("sin2, x1*x2,x2^2,x1^2,sin1,x2,x1"), points)
    for row, (a, b) in zip(got, points, strict=True):
        want = [a, b, a * a, b * b, a * b, math.sin(a), math.sin(b)]
        np.testing.assert_allclose(row, want, rtol=0, atol=1e-15)


@pytest.mark.parametrize(
    ("text", "message"),
    [("x1,x3", "'x3' is not one of"), ("", "at least one"), (" , ", "at least one")],
)
def test_bad_feature_lists_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_features(text)


def test_a_network_with_features_takes_raw_points() -> None:
    """forward on raw points equals the plain network on the feature columns."""
    features = parse_features("x1,x1*x2,sin2")
    arch = Architecture((3, 5, 2), features=features)
    net = init_network(arch, np.random.default_rng(1))
    plain = init_network(Architecture((3, 5, 2)), np.random.default_rng(1))
    points = np.random.default_rng(2).uniform(-1, 1, (20, 2))
    np.testing.assert_array_equal(
        net.forward(points), plain.forward(apply_features(features, points))
    )
    with pytest.raises(ValueError):
        Architecture((2, 5, 2), features=features)


def test_features_train_the_spiral_and_the_maps_draw_over_x1_x2() -> None:
    """One hidden layer with every feature learns the spirals; the default cannot as well."""
    settings = settings_from({"features": ALL, "depth": 1, "width": 8, "epochs": 600})
    trainer = settings.trainer()
    assert trainer.arch.sizes == (7, 8, 2)
    assert trainer.x.shape[1] == 2  # the points as drawn, for maps and dead units
    trainer.advance(600)
    report = trainer.report()
    assert report.test_accuracy is not None and report.test_accuracy >= 0.95
    plain = settings_from({"depth": 1, "width": 8}).trainer()
    plain.advance(600)
    assert plain.report().test_accuracy < report.test_accuracy
    rows = unit_maps(report.network, (-1, 1, -1, 1), 0, 0, 60, 20, dead=None, ascii_only=True)
    text = "".join(run.text for row in rows for run in row)
    assert "need 2 inputs" not in text and "L1 unit 1 of 8" in text
    assert " x1*x2 " in layer_equation(report.network, 0, 0)
    reading = read_regions(report.network, settings.dataset())
    assert reading.regions is None and "features" in reading.note


def test_csv_training_computes_features_from_the_files_columns(tmp_path: Path) -> None:
    rows = ["x1,x2,label"] + [
        f"{a:.3f},{b:.3f},{int(a * b > 0)}"
        for a, b in np.random.default_rng(0).uniform(-1, 1, (60, 2))
    ]
    path = tmp_path / "xor.csv"
    path.write_text("\n".join(rows) + "\n")
    settings = settings_from({"data": str(path), "features": "x1*x2", "depth": 1, "width": 4})
    trainer = settings.trainer()
    assert trainer.arch.features == ("x1*x2",)
    np.testing.assert_array_equal(
        trainer.inputs[:, 0], trainer.x[:, 0] * trainer.x[:, 1]
    )  # the file's columns, multiplied
    trainer.advance(300)
    assert trainer.report().accuracy >= 0.9
    assert load_csv(str(path)).n_in == 2


def test_features_and_widths_read_back_and_print() -> None:
    settings = settings_from({"features": "sin1,x1", "widths": "8, 8,4", "epochs": 5})
    values = values_of(settings)
    assert values["features"] == "x1,sin1" and values["widths"] == "8,8,4"
    assert settings_from(values).trainer().arch.sizes == (2, 8, 8, 4, 2)
    assert values_of(settings_from({}))["features"] == "x1,x2"
    assert values_of(settings_from({}))["widths"] == ""
    text = render(LaunchOptions(screen="dead", settings=values, width=80, height=16))
    assert "8-8-4, x1,sin1" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [("8,x", "not a whole number"), ("0", "1 to 256"), ("1,1,1,1,1,1,1,1,1", "at most 8")],
)
def test_bad_widths_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        settings_from({"widths": text})


def test_a_one_input_task_ignores_features() -> None:
    settings = settings_from({"features": "sin1"})
    data = settings.dataset()
    assert settings.input_features(data) == ("sin1",)
    x2 = settings_from({"dataset": "sin", "features": "sin1"})
    assert x2.input_features(x2.dataset()) == ()


def test_exported_script_computes_the_features(tmp_path: Path) -> None:
    """The script's Features module feeds the same columns: outputs equal relu-tui's."""
    pytest.importorskip("torch")
    settings = settings_from({"features": ALL, "widths": "6,3", "activation": "leaky_relu"})
    trainer = settings.trainer()
    trainer.advance(20)
    model = ExportModel("model", trainer.network)
    inputs = sample_inputs(settings.dataset(), 7)
    printed = _run(tmp_path, torch_script([model], inputs))
    _check(printed, model, inputs)
    assert predictions(model, inputs).shape == (7, 2)


def test_script_with_features_is_valid_python() -> None:
    import ast

    settings = settings_from({"features": "x1^2,sin2"})
    source = torch_script([ExportModel("model", settings.trainer().network)], [[0.1, 0.2]])
    ast.parse(source)
    assert "Features('x1^2', 'sin2')" in source and "torch.sin(x2)" in source


def test_depth_or_width_control_replaces_the_widths() -> None:
    settings = settings_from({"widths": "8,4"})
    assert settings.hidden == (8, 4)
    assert settings.with_param("depth", 2).hidden == (16, 16)


def test_data_seed_and_sample_count_draw_the_data() -> None:
    """The defaults draw the playground's 500 samples; another data seed other samples, the same
    seed the same ones; the split stays stratified; new_data moves to the next seed."""
    base = settings_from({})
    assert (base.data_seed, base.samples) == (0, 500)
    data = base.dataset()
    again = settings_from({"data_seed": 0}).dataset()
    np.testing.assert_array_equal(data.x, again.x)
    other = base.new_data()
    assert other.data_seed == 1 and other.data_key() != base.data_key()
    assert not np.array_equal(other.dataset().x, data.x)
    np.testing.assert_array_equal(other.dataset().x, settings_from({"data_seed": 1}).dataset().x)
    big = settings_from({"samples": 800, "data_seed": 7})
    split = big.split(big.dataset())
    assert len(split.train.x) + len(split.test.x) == 800
    assert np.bincount(split.test.y).tolist() == [120, 120]  # 0.3 of each class held out
    again = big.split(big.dataset())
    np.testing.assert_array_equal(split.test.x, again.test.x)
    with pytest.raises(InputError, match="between 20 and 2000"):
        settings_from({"samples": 5})


def test_the_depth_control_counts_the_widths() -> None:
    settings = settings_from({"widths": "8,8,4,4,2"})
    assert settings.depth == 5 and values_of(settings)["depth"] == 5
    assert settings_from(values_of(settings)).hidden == (8, 8, 4, 4, 2)
