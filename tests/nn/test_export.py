"""Export to PyTorch: the generated script, run by Python with torch, prints relu-tui's outputs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.lessons.approx.training import TrainConfig, initial_networks
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.datasets import make_dataset
from relu_tui.nn.export import (
    NOTEBOOK_INPUTS,
    TORCH_MODULES,
    ExportModel,
    notebook_script,
    predictions,
    sample_inputs,
    torch_module,
    torch_script,
    write_script,
)
from relu_tui.nn.network import (
    Architecture,
    Network,
    Optimizer,
    Trainer,
    init_network,
    train,
)


def _run(tmp_path: Path, source: str) -> dict[str, list[tuple[list[float], list[float]]]]:
    """Run a script in a fresh interpreter; its printed lines by model name."""
    path = write_script(tmp_path / "exported.py", source)
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=300, check=True
    )
    out: dict[str, list[tuple[list[float], list[float]]]] = {}
    for line in done.stdout.splitlines():
        name, rest = line.split(": ", 1)
        x, y = rest.split(" -> ")
        out.setdefault(name, []).append((ast.literal_eval(x), ast.literal_eval(y)))
    return out


def _check(printed, model: ExportModel, inputs: np.ndarray, tol: float = 1e-6) -> None:
    rows = printed[model.name]
    np.testing.assert_array_equal([x for x, _ in rows], inputs)
    np.testing.assert_allclose([y for _, y in rows], predictions(model, inputs), rtol=0, atol=tol)


def test_every_registry_activation_has_a_torch_module() -> None:
    """The mapping covers the registry, and each module takes the registry's parameters."""
    assert set(TORCH_MODULES) == set(ACTIVATIONS)
    for name, (_, kwargs) in TORCH_MODULES.items():
        own = {p.name for p in ACTIVATIONS[name].params}
        assert set(kwargs) <= own, name
    leaky = torch_module("leaky_relu", {"negative_slope": 0.01})
    assert leaky == "nn.LeakyReLU(negative_slope=0.01)"
    assert torch_module("gelu", {"approximate": "tanh"}) == "nn.GELU(approximate='tanh')"
    assert torch_module("prelu") == "nn.PReLU()"


def _trained(activation: str, kwargs: tuple = (), seed: int = 0) -> Network:
    data = make_dataset("circles", np.random.default_rng(seed), n=40, noise=0.1)
    arch = Architecture((2, 5, 4, 2), activation=activation, activation_kwargs=kwargs)
    net = init_network(arch, np.random.default_rng(seed), init="torch")
    *_, last = train(net, data.x, data.y, loss="cross_entropy", epochs=20, every=20)
    return last.network


def test_script_reproduces_every_activation(tmp_path: Path) -> None:
    """One trained net per registry activation (non-default parameters where it has them),
    plus PReLU with learned slopes: torch prints relu-tui's outputs to 1e-6."""
    pytest.importorskip("torch")
    special = {
        "leaky_relu": (("negative_slope", 0.2),),
        "elu": (("alpha", 0.5),),
        "celu": (("alpha", 2.0),),
        "gelu": (("approximate", "tanh"),),
        "hardtanh": (("min_val", -0.5), ("max_val", 2.0)),
        "softplus": (("beta", 2.0), ("threshold", 5.0)),
        "softshrink": (("lambd", 0.2),),
        "hardshrink": (("lambd", 0.1),),
        "prelu": (("weight", 0.3),),
    }
    models = [
        ExportModel(f"model_{name}", _trained(name, special.get(name, ()), i))
        for i, name in enumerate(ACTIVATIONS)
    ]
    models.append(ExportModel("model_learned_prelu", _trained("relu"), slopes=(0.3, -0.05)))
    inputs = sample_inputs(make_dataset("spirals", np.random.default_rng(9)), 6)
    printed = _run(tmp_path, torch_script(models, inputs))
    for model in models:
        _check(printed, model, inputs)


def test_seed_003_networks(tmp_path: Path) -> None:
    """The Approximation screen's pair (notebook init, Adam lr 0.1, 300 epochs on x = 1-99,
    y = x**2): both scripts' models print relu-tui's outputs on 1-199 to 1e-6."""
    pytest.importorskip("torch")
    config = TrainConfig(epochs=300)
    x = np.arange(1.0, 100.0)
    pair = []
    for net in initial_networks(config):
        trainer = Trainer(net, x, x**2, optimizer=Optimizer("adam", lr=config.lr))
        *_, last = trainer.run(config.epochs, every=config.epochs)
        pair.append(last.network)
    printed = _run(tmp_path, notebook_script(pair))
    inputs = np.array(NOTEBOOK_INPUTS)[:, None]
    _check(printed, ExportModel("model_linear", pair[0]), inputs)
    _check(printed, ExportModel("model_relu", pair[1]), inputs)


def test_float32_network(tmp_path: Path) -> None:
    """A float32 network is exported as float32 and matches."""
    pytest.importorskip("torch")
    arch = Architecture((1, 6, 1), activation="tanh", dtype="float32")
    model = ExportModel("model", init_network(arch, np.random.default_rng(3)))
    inputs = np.linspace(-2, 2, 5)[:, None]
    source = torch_script([model], inputs)
    assert "torch.set_default_dtype(torch.float32)" in source
    _check(_run(tmp_path, source), model, inputs)


def test_script_is_valid_python_without_torch() -> None:
    """The source parses; it names the model and the network's modules in order."""
    net = _trained("relu")
    source = torch_script([ExportModel("model", net)], np.zeros((2, 2)))
    ast.parse(source)
    body = source[source.index("model = nn.Sequential(") :]
    assert body.index("nn.Linear(2, 5)") < body.index("nn.ReLU()") < body.index("nn.Linear(5, 4)")
    assert "nn.Linear(4, 2),\n)" in body


def test_identity_network_is_a_stack_of_linear_layers() -> None:
    """The notebook's model without activations: Linear, Linear, Linear, nothing between."""
    linear, _ = initial_networks(TrainConfig())
    source = notebook_script((linear, linear))
    block = source[source.index("model_linear = nn.Sequential(") :]
    block = block[: block.index(")\n")]
    assert block.count("nn.Linear") == 3 and "Identity" not in block


def test_write_script_refuses_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    """Bad destinations are one-line InputErrors; a good one is written whole."""
    with pytest.raises(InputError, match="is a folder"):
        write_script(tmp_path, "x = 1\n")
    with pytest.raises(InputError, match="no such folder"):
        write_script(tmp_path / "nope" / "m.py", "x = 1\n")
    path = write_script(tmp_path / "m.py", "x = 1\n")
    assert path.read_text() == "x = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]
