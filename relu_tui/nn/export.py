"""Export to PyTorch: a standalone script that rebuilds a trained network as `nn.Sequential`.

The script holds the weights as Python float literals (`repr`, so every float64 - and every
float32 - value round-trips exactly), loads them into `nn.Linear` layers of the network's
dtype, and prints the model's output on a few inputs, one line per input:
`name: [x1, x2] -> [out1, out2]`. Those lines equal relu-tui's own predictions.

Each registry activation maps to its `torch.nn` module with the same keyword parameters;
PReLU's learned slope of each layer is loaded into that layer's `nn.PReLU()`. A network
with input features starts with a `Features` module computing the same columns from each
raw point (x1, x2), so the script takes the same inputs relu-tui plots.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from relu_tui import __version__
from relu_tui.base.files import WriteError, expand_home, write_new
from relu_tui.base.parse import InputError
from relu_tui.base.types import FloatArray
from relu_tui.nn.datasets import Dataset
from relu_tui.nn.features import torch_features
from relu_tui.nn.network import Network
from relu_tui.nn.prelu import prelu_forward_network

__all__ = [
    "NOTEBOOK_INPUTS",
    "TORCH_MODULES",
    "ExportModel",
    "notebook_script",
    "predictions",
    "sample_inputs",
    "torch_module",
    "torch_script",
    "write_script",
]

TORCH_MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "relu": ("ReLU", ()),
    "relu6": ("ReLU6", ()),
    "leaky_relu": ("LeakyReLU", ("negative_slope",)),
    "prelu": ("PReLU", ()),
    "elu": ("ELU", ("alpha",)),
    "selu": ("SELU", ()),
    "celu": ("CELU", ("alpha",)),
    "gelu": ("GELU", ("approximate",)),
    "silu": ("SiLU", ()),
    "mish": ("Mish", ()),
    "sigmoid": ("Sigmoid", ()),
    "hardsigmoid": ("Hardsigmoid", ()),
    "tanh": ("Tanh", ()),
    "hardtanh": ("Hardtanh", ("min_val", "max_val")),
    "hardswish": ("Hardswish", ()),
    "softplus": ("Softplus", ("beta", "threshold")),
    "softsign": ("Softsign", ()),
    "tanhshrink": ("Tanhshrink", ()),
    "logsigmoid": ("LogSigmoid", ()),
    "softshrink": ("Softshrink", ("lambd",)),
    "hardshrink": ("Hardshrink", ("lambd",)),
    "identity": ("Identity", ()),
}
"""Registry name -> (torch.nn class, keyword parameters it takes from the registry's)."""


def torch_module(name: str, kwargs: dict[str, object] | None = None) -> str:
    """The torch.nn module for an activation, as code: 'nn.LeakyReLU(negative_slope=0.01)'.

    PReLU is written bare (`nn.PReLU()`): its slope is a learned parameter, loaded with the
    weights; a `weight` keyword sets its initial value instead (`nn.PReLU(init=0.25)`).
    """
    cls, names = TORCH_MODULES[name]
    given = kwargs or {}
    if name == "prelu" and "weight" in given:
        return f"nn.PReLU(init={float(given['weight'])!r})"  # type: ignore[arg-type]
    args = ", ".join(f"{key}={given[key]!r}" for key in names if key in given)
    return f"nn.{cls}({args})"


@dataclass(frozen=True, eq=False)
class ExportModel:
    """One network to export.

    Attributes:
        name: a Python identifier for the script's variable ("model", "model_relu").
        network: weights, biases, activation.
        slopes: PReLU's learned slope per hidden layer (None for any other activation).
    """

    name: str
    network: Network
    slopes: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"{self.name!r} is not a Python name")
        hidden = len(self.network.arch.hidden)
        if self.slopes is None and self.network.slopes is not None:
            object.__setattr__(self, "slopes", self.network.slopes)  # learned in training
        if self.slopes is not None and len(self.slopes) != hidden:
            raise ValueError(f"one PReLU slope per hidden layer: expected {hidden}")
        if self.slopes is None and self.network.arch.activation == "prelu":
            # the registry's PReLU has one fixed slope: the same for every layer
            weight = float(self.network.arch.kwargs.get("weight", 0.25))
            object.__setattr__(self, "slopes", (weight,) * hidden)


def predictions(model: ExportModel, inputs: npt.ArrayLike) -> FloatArray:
    """What relu-tui computes for `inputs`: shape (n, n_out)."""
    if model.slopes is not None:
        return prelu_forward_network(model.network, model.slopes, inputs)[-1]
    return model.network.forward(inputs)


def sample_inputs(dataset: Dataset, count: int = 5) -> FloatArray:
    """`count` samples of a dataset, evenly spread through it (its inputs, shape (k, n_in))."""
    n = len(dataset.x)
    index = np.unique(np.linspace(0, n - 1, min(count, n)).round().astype(np.intp))
    return np.asarray(dataset.x[index], dtype=np.float64)


def _literal(values: FloatArray, indent: int = 0) -> str:
    """A list (or a matrix, one row per line) of floats as Python source, every value exact.

    repr of a float64 round-trips, and every float32 value is a float64 value.
    """
    array = np.asarray(values, dtype=np.float64)
    if array.ndim < 2:
        return repr(array.tolist())
    rows = [repr(row) for row in array.tolist()]
    return "[" + (",\n" + " " * (indent + 1)).join(rows) + "]"


def _sequential(model: ExportModel) -> list[str]:
    arch = model.network.arch
    sizes = arch.sizes
    if model.slopes is not None:
        act = "nn.PReLU()"
    elif arch.activation == "identity":
        act = ""  # a stack of Linear layers, as the notebook's model without activations
    else:
        act = torch_module(arch.activation, arch.kwargs)
    lines = [f"{model.name} = nn.Sequential("]
    if arch.features:
        lines.append(f"    Features({', '.join(map(repr, arch.features))}),")
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        lines.append(f"    nn.Linear({fan_in}, {fan_out}),")
        if act and i < len(sizes) - 2:
            lines.append(f"    {act},")
    lines.append(")")
    return lines


def _parameters(model: ExportModel) -> list[str]:
    net = model.network
    lines = [f"{model.name.upper()}_LAYERS = ["]
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True), start=1):
        lines.append(f"    # layer {i}: weight {w.shape}, bias {b.shape}")
        lines.append(f"    ({_literal(w, 5)},")
        lines.append(f"     {_literal(b)}),")
    lines.append("]")
    if model.slopes is not None:
        lines.append(f"{model.name.upper()}_SLOPES = {list(map(float, model.slopes))!r}")
    return lines


def _load(model: ExportModel) -> list[str]:
    upper = model.name.upper()
    slopes = f", {upper}_SLOPES" if model.slopes is not None else ""
    return [f"load({model.name}, {upper}_LAYERS{slopes})"]


_PREAMBLE = '''
import torch
from torch import nn


def load(model, layers, slopes=()):
    """Copy weights, biases (and PReLU slopes) into the model's layers, in order."""
    linears = [m for m in model if isinstance(m, nn.Linear)]
    prelus = [m for m in model if isinstance(m, nn.PReLU)]
    with torch.no_grad():
        for linear, (weight, bias) in zip(linears, layers, strict=True):
            linear.weight.copy_(torch.tensor(weight))
            linear.bias.copy_(torch.tensor(bias))
        for prelu, slope in zip(prelus, slopes, strict=True):
            prelu.weight.fill_(slope)
    model.eval()
    return model
'''

_FEATURES = '''

class Features(nn.Module):
    """Input features of raw 2-D points (x1, x2), the columns relu-tui computes."""

    def __init__(self, *names):
        super().__init__()
        self.names = names

    def forward(self, x):
        x1, x2 = x[:, 0], x[:, 1]
        columns = {{{columns}}}
        return torch.stack([columns[name] for name in self.names], dim=1)
'''


def _features_module(models: Sequence[ExportModel]) -> str:
    """The `Features` module's source when any model computes input features, else ""."""
    names = sorted({name for m in models for name in m.network.arch.features})
    if not names:
        return ""
    columns = ", ".join(f"{name!r}: {torch_features((name,))}" for name in names)
    return _FEATURES.format(columns=columns)


def torch_script(
    models: Sequence[ExportModel],
    inputs: npt.ArrayLike,
    *,
    title: str = "a network trained in relu-tui",
) -> str:
    """The script's source: build each model, load its weights, print its predictions.

    Args:
        models: the networks (all of one dtype and input width).
        inputs: where to evaluate them, shape (k, n_in) (or (k,) for one input).
        title: what the networks are, for the script's docstring.

    Returns:
        Python source that needs only PyTorch.
    """
    if not models:
        raise ValueError("nothing to export")
    x = np.asarray(inputs, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    dtype = models[0].network.arch.dtype
    names = ", ".join(m.name for m in models)
    parts = [
        f'"""{title}: rebuilt in PyTorch ({names}).',
        "",
        f"Written by relu-tui {__version__}. Run `python <this file>` (needs PyTorch); each",
        "line printed is `model: input -> output`, as relu-tui computed it.",
        '"""',
        _PREAMBLE + _features_module(models),
        "",
        f"torch.set_default_dtype(torch.{dtype})",
        "",
    ]
    for model in models:
        parts += _sequential(model) + _parameters(model) + _load(model) + [""]
    parts += [
        f"INPUTS = {_literal(x, 9)}",
        f"MODELS = [{', '.join(f'({m.name!r}, {m.name})' for m in models)}]",
        "",
        "with torch.no_grad():",
        "    for name, net in MODELS:",
        "        outputs = net(torch.tensor(INPUTS))",
        "        for x, y in zip(INPUTS, outputs.tolist(), strict=True):",
        '            print(f"{name}: {x} -> {y}")',
        "",
    ]
    return "\n".join(parts)


def write_script(path: str | os.PathLike[str], source: str, *, replace: bool = False) -> Path:
    """Write the script as a new file: `model.py`, or `model-2.py` ... when that exists (see
    `base.files.write_new`: whole or not at all, the usual permissions, never a device).

    Args:
        path: the file (`~` expanded).
        source: the script.
        replace: replace an existing regular file instead (the command line's --force).

    Returns:
        The path written.

    Raises:
        InputError: no name, a folder, a missing folder, a device, or writing failed.
    """
    raw = os.fspath(path).strip()
    if not raw:
        raise InputError("enter a file name for the script")
    try:
        return write_new(expand_home(raw), source, replace=replace)
    except WriteError as error:
        raise InputError(str(error)) from None


NOTEBOOK_INPUTS = (1.0, 2.0, 50.0, 99.0, 100.0, 150.0, 199.0)
"""Where the seed-003 networks are evaluated: the notebook's training range 1-99 and the
range 100-199 it tests on."""


def notebook_script(networks: Sequence[Network], inputs: Sequence[float] = NOTEBOOK_INPUTS) -> str:
    """The Approximation screen's two seed-003 networks (1->8->8->1 without activations,
    and with ReLU) as one script: `model_linear` and `model_relu`."""
    linear, relu = networks
    models = [ExportModel("model_linear", linear), ExportModel("model_relu", relu)]
    return torch_script(
        models,
        np.asarray(inputs, dtype=np.float64)[:, None],
        title="The notebook's 1->8->8->1 networks (seed 003), without and with ReLU",
    )
