"""Input features of a 2-D point, as the browser playground offers them.

A network on a 2-D task may see, instead of (x1, x2), any set of these columns computed from
them: x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2. The features are computed from the raw
point, so plots and maps stay over the raw window (x1, x2) while the first layer's inputs
are the chosen columns, in the order of `FEATURES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from relu_tui.base.parse import InputError
from relu_tui.base.types import FloatArray

__all__ = [
    "DEFAULT_FEATURES",
    "FEATURES",
    "apply_features",
    "feature_text",
    "parse_features",
    "torch_features",
]

FEATURES: dict[str, tuple[str, Callable[[FloatArray, FloatArray], FloatArray]]] = {
    "x1": ("x1", lambda a, b: a),
    "x2": ("x2", lambda a, b: b),
    "x1^2": ("x1**2", lambda a, b: a * a),
    "x2^2": ("x2**2", lambda a, b: b * b),
    "x1*x2": ("x1*x2", lambda a, b: a * b),
    "sin1": ("torch.sin(x1)", lambda a, b: np.sin(a)),
    "sin2": ("torch.sin(x2)", lambda a, b: np.sin(b)),
}
"""Feature name -> (its PyTorch expression of the columns x1, x2, its NumPy function)."""

DEFAULT_FEATURES = ("x1", "x2")
"""The raw point: no feature beyond the inputs themselves."""

_ALIASES = {"x1x2": "x1*x2", "x1²": "x1^2", "x2²": "x2^2", "sinx1": "sin1", "sinx2": "sin2"}


def parse_features(text: str | Iterable[str]) -> tuple[str, ...]:
    """The features named in `text` ("x1,x2,sin1"), in `FEATURES`' order, each once.

    Raises:
        InputError: an unknown name, or no feature at all.
    """
    words = text.replace(" ", ",").split(",") if isinstance(text, str) else list(text)
    chosen = set()
    for word in words:
        name = word.strip().lower()
        if not name:
            continue
        name = _ALIASES.get(name.replace(" ", ""), name)
        if name not in FEATURES:
            raise InputError(f"features: '{word.strip()}' is not one of: {', '.join(FEATURES)}")
        chosen.add(name)
    if not chosen:
        raise InputError(f"features: name at least one of: {', '.join(FEATURES)}")
    return tuple(name for name in FEATURES if name in chosen)


def feature_text(features: Iterable[str]) -> str:
    """The features as the setting writes them: 'x1,x2,sin1'."""
    return ",".join(features)


def apply_features(features: tuple[str, ...], x: npt.ArrayLike) -> FloatArray:
    """The feature columns of raw 2-D points `x` (n, 2): shape (n, len(features)), float64."""
    raw = np.asarray(x, dtype=np.float64)
    if raw.ndim != 2 or raw.shape[1] != 2:
        raise ValueError(f"features are computed from 2-D points (n, 2), got {raw.shape}")
    a, b = raw[:, 0], raw[:, 1]
    return np.column_stack([FEATURES[name][1](a, b) for name in features])


def torch_features(features: tuple[str, ...]) -> str:
    """The PyTorch expressions of the features, as a `torch.stack` body over x1, x2."""
    return ", ".join(FEATURES[name][0] for name in features)
