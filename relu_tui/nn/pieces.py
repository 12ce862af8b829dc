"""Piecewise-affine activations as data: each one's breakpoints and, between them, its
slope and offset (`Pieces`), for the exact linear regions (`nn.regions`) and kinks
(`nn.kinks`). ReLU'(0) = 0, as in torch: a value on a breakpoint is on the piece below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray
from relu_tui.nn.model import Network


@dataclass(frozen=True)
class Pieces:
    """A piecewise-affine activation: breakpoints t_1 < ... < t_k and, on each of the k + 1
    pieces, act(z) = slope·z + offset. Piece i is (t_i, t_{i+1}), with t_0 = -inf."""

    breaks: tuple[float, ...]
    slopes: tuple[float, ...]
    offsets: tuple[float, ...]

    def piece(self, z: FloatArray) -> npt.NDArray[np.int8]:
        """The piece index of each z (a value on a breakpoint counts as the piece below it,
        so ReLU(0) is off: ReLU'(0) = 0, as in torch)."""
        return np.searchsorted(np.asarray(self.breaks), z, side="left").astype(np.int8)


def _relu_like(slope: float) -> Pieces:
    return Pieces((0.0,), (float(slope), 1.0), (0.0, 0.0))


PIECEWISE: dict[str, Any] = {
    "relu": lambda kw: _relu_like(0.0),
    "leaky_relu": lambda kw: _relu_like(kw.get("negative_slope", 0.01)),
    "prelu": lambda kw: _relu_like(kw.get("weight", 0.25)),
    "relu6": lambda kw: Pieces((0.0, 6.0), (0.0, 1.0, 0.0), (0.0, 0.0, 6.0)),
    "hardtanh": lambda kw: Pieces(
        (float(kw.get("min_val", -1.0)), float(kw.get("max_val", 1.0))),
        (0.0, 1.0, 0.0),
        (float(kw.get("min_val", -1.0)), 0.0, float(kw.get("max_val", 1.0))),
    ),
    "hardsigmoid": lambda kw: Pieces((-3.0, 3.0), (0.0, 1 / 6, 0.0), (0.0, 0.5, 1.0)),
    "softshrink": lambda kw: Pieces(
        (-float(kw.get("lambd", 0.5)), float(kw.get("lambd", 0.5))),
        (1.0, 0.0, 1.0),
        (float(kw.get("lambd", 0.5)), 0.0, -float(kw.get("lambd", 0.5))),
    ),
    "hardshrink": lambda kw: Pieces(
        (-float(kw.get("lambd", 0.5)), float(kw.get("lambd", 0.5))),
        (1.0, 0.0, 1.0),
        (0.0, 0.0, 0.0),
    ),
    "identity": lambda kw: Pieces((), (1.0,), (0.0,)),
}
"""Piecewise-affine activations by name: kwargs -> Pieces. Smooth ones (sigmoid, GELU, ...)
have no linear regions and are absent."""


def activation_pieces(net: Network) -> list[Pieces] | None:
    """Each hidden layer's activation as Pieces (PReLU's learned slope per layer), or None
    when the activation is smooth, so linear regions are not defined."""
    arch = net.arch
    make = PIECEWISE.get(arch.activation)
    if make is None:
        return None
    kwargs = arch.kwargs
    slopes = net.slopes
    if slopes is not None:
        return [make({**kwargs, "weight": s}) for s in slopes]
    return [make(kwargs)] * len(arch.hidden)
