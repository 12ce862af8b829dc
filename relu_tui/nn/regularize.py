"""L1 and L2 weight penalties: their value and gradient, as PyTorch adds them.

With strength lambda, L2 adds lambda/2 * sum(w**2) to the loss and lambda * w to each weight's
gradient - exactly what `torch.optim.SGD(weight_decay=lambda)` adds. L1 adds
lambda * sum(|w|) and lambda * sign(w) (0 at w = 0, as torch's abs'(0)). Only weights are
penalised, never biases (the browser playground's rule; in torch, a parameter group for the
biases with weight_decay=0).

Two forms: `Penalty.value` / `Penalty.gradients` over torch-layout weight matrices, readable and
used by the tests; `Penalty.add_flat` over a trainer's flat parameter array, in place, with a
weight mask and a scratch buffer so a training step allocates nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from relu_tui.base.types import FloatArray

if TYPE_CHECKING:
    from relu_tui.nn.model import Architecture

__all__ = ["STRENGTH_FLOOR", "Penalty", "weight_mask"]

STRENGTH_FLOOR = 1e-5
"""The weakest non-zero strength a control steps to (below it, the penalty is off)."""


@dataclass(frozen=True)
class Penalty:
    """L1 and L2 strengths (both >= 0; 0 switches that penalty off).

    Attributes:
        l1: lambda of lambda * sum(|w|).
        l2: lambda of lambda/2 * sum(w**2) (torch's weight_decay).
    """

    l1: float = 0.0
    l2: float = 0.0

    def __post_init__(self) -> None:
        for name in ("l1", "l2"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} strength must be a finite number >= 0, got {value}")

    @property
    def active(self) -> bool:
        """Whether either penalty is on."""
        return self.l1 > 0 or self.l2 > 0

    def value(self, weights: Sequence[npt.ArrayLike]) -> float:
        """lambda1 * sum|w| + lambda2/2 * sum w**2 over every weight matrix (no biases)."""
        total = 0.0
        for w in weights:
            arr = np.asarray(w, dtype=np.float64)
            if self.l1:
                total += self.l1 * float(np.sum(np.abs(arr)))
            if self.l2:
                total += 0.5 * self.l2 * float(np.vdot(arr, arr))
        return total

    def gradients(self, weights: Sequence[npt.ArrayLike]) -> list[FloatArray]:
        """d penalty / d w for each weight matrix: lambda1 * sign(w) + lambda2 * w."""
        out = []
        for w in weights:
            arr = np.asarray(w)
            out.append(self.l1 * np.sign(arr) + self.l2 * arr)
        return out

    def add_flat(
        self, theta: FloatArray, grad: FloatArray, mask: FloatArray, scratch: FloatArray
    ) -> float:
        """Add the penalty's gradient to `grad` in place and return its value.

        Args:
            theta: the flat parameter array.
            grad: the flat gradient array (same layout), updated in place.
            mask: 1 where theta holds a weight, 0 where it holds a bias (see `weight_mask`).
            scratch: a buffer of theta's shape and dtype, overwritten.

        Returns:
            The penalty's value (0.0 when both strengths are 0, and grad is untouched).
        """
        if not self.active:
            return 0.0
        w = np.multiply(theta, mask, out=scratch)  # biases read as 0: no value, no gradient
        value = 0.0
        if self.l2:
            value += 0.5 * self.l2 * float(np.vdot(w, w))
            if self.l1:
                grad += self.l2 * w
            else:
                w *= self.l2
                grad += w
                return value
        if self.l1:
            value += self.l1 * float(np.sum(np.abs(w)))
            np.sign(w, out=w)
            w *= self.l1
            grad += w
        return value


def weight_mask(arch: Architecture) -> FloatArray:
    """1.0 for every weight, 0.0 for every bias (and learned PReLU slope) of the
    architecture's flat parameter array."""
    mask = np.zeros(arch.n_params, dtype=arch.dtype)
    for block in arch.blocks(mask):
        block[:-1] = 1.0  # each layer's block is W.T, then b as its last row
    return mask
